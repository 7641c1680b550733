"""formadvisor: justified recommendations on legal form and contract routes for groups of UK
GP practices, from declarative rules.

The public API, for scripts and other tools (the CLI and the web app are built on it):

    from formadvisor import Advisor, load_policy
    advisor = Advisor(load_policy(Path("rules")))
    result = advisor.recommend({"nation": "wales", ...})   # a Recommendation
    print(result.to_json())
    advisor.close()
"""

from importlib.metadata import PackageNotFoundError, version

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import Recommendation
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.evaluate import Firing, Trace
from formadvisor.engine.reading import PlainReading
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import Problem, RulesInvalid
from formadvisor.rules.policy import Policy

try:
    __version__ = version("formadvisor")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Advisor",
    "AnswersInvalid",
    "DurableEngine",
    "Firing",
    "PlainReading",
    "Policy",
    "Problem",
    "Recommendation",
    "RulesInvalid",
    "Trace",
    "__version__",
    "load_policy",
]
