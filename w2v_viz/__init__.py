"""w2v-viz: an exact NumPy word2vec (skip-gram / CBOW, softmax / negative sampling) that
exposes every step. No Streamlit here: the app in app_pages/ only lays this out."""

from .config import Config
from .corpus import Corpus
from .errors import W2VError
from .trainer import Trainer

__all__ = ["Config", "Corpus", "Trainer", "W2VError"]
