"""Process-wide memory housekeeping (ui/memory.py): the first collection freezes what the
process has then (its imports), once; what the sessions make afterwards is still
collected."""

import gc
import weakref

from ui import memory


class Cycle:
    def __init__(self):
        self.me = self


def test_the_first_collection_freezes_the_process_once_and_later_garbage_still_goes():
    assert memory.release_memory(force=True)
    frozen = gc.get_freeze_count()
    assert frozen > 1000                 # the imports: pytest, numpy, streamlit...
    later = Cycle()
    gone = weakref.ref(later)
    del later
    assert memory.release_memory(force=True)
    assert gc.get_freeze_count() == frozen       # not again: later objects stay collectable
    assert gone() is None                        # a session's garbage cycle was collected
    assert not memory.release_memory()           # rate-limited
