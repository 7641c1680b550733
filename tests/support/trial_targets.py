"""Stand-ins for the rules trial that crash or hang, as durable_rules can (engine-notes §0)."""

import os
import time


def abort(folder, samples, seed, conn):
    os.abort()


def hang(folder, samples, seed, conn):
    time.sleep(3600)
