"""Embedding functions for the schema index: an offline hashing default and optional stronger models.

The default needs no download and no network: hashed stemmed words, their lexicon concepts and
character 3/4-grams (which absorb typos) into an L2-normalised vector. It is registered with
Chroma so a persisted collection reopens in a new process once this module is imported.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from segment_agent.errors import UserError
from segment_agent.settings import Settings, get_settings
from segment_agent.tools.lexical import concepts, content_words, stem
from segment_agent.tools.sentence_embedding import minilm_embedding, sentence_embedding

HASHING_DIM = 512
OPENAI_DEFAULT_MODEL = "text-embedding-3-small"
_WORD, _CONCEPT, _GRAMS = 1.0, 0.5, 0.6  # weights: a whole word, its concepts, all its n-grams together


@lru_cache(maxsize=65536)
def _slots(feature: str, dim: int) -> tuple[int, float]:
    """Signed feature hashing: the slot of `feature` and the sign it adds with."""
    h = zlib.crc32(feature.encode())
    return h % dim, 1.0 if h & 0x80000000 else -1.0


@lru_cache(maxsize=65536)
def _word_features(word: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Slots and weights of one raw word: its stem, concepts and character n-grams."""
    token = stem(word)
    grams = [f"#{g}" for n in (3, 4) for g in _ngrams(f"<{word}>", n)]
    feats = [(token, _WORD)] + [(c, _CONCEPT) for c in concepts([token])]
    feats += [(g, _GRAMS / max(len(grams), 1)) for g in grams]
    slots = [_slots(f, dim) for f, _ in feats]
    return np.array([s for s, _ in slots]), np.array(
        [sign * w for (_, sign), (_, w) in zip(slots, feats, strict=True)]
    )


def _ngrams(text: str, n: int) -> list[str]:
    return [text[i : i + n] for i in range(max(len(text) - n + 1, 1))]


def hashing_vector(text: str, dim: int = HASHING_DIM) -> np.ndarray:
    """The L2-normalised hashing embedding of `text` (all zeros only for text without words)."""
    vec = np.zeros(dim, dtype=np.float32)
    for word in content_words(text):
        slots, weights = _word_features(word, dim)
        np.add.at(vec, slots, weights)
    norm = float(np.linalg.norm(vec))
    if norm == 0.0:
        vec[0] = 1.0  # Chroma rejects zero vectors under cosine distance
        return vec
    return vec / norm


@register_embedding_function
class HashingEmbedding(EmbeddingFunction[Documents]):
    """Deterministic, offline embedding: same text, same vector, in any process."""

    def __init__(self, dim: int = HASHING_DIM) -> None:
        self.dim = dim

    def __call__(self, input: Documents) -> Embeddings:
        return [hashing_vector(text, self.dim) for text in input]

    @staticmethod
    def name() -> str:
        return "segment_agent_hashing"

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbedding:
        return HashingEmbedding(dim=int(config.get("dim", HASHING_DIM)))

    def default_space(self) -> str:
        return "cosine"


@register_embedding_function
class OpenAIEmbedding(EmbeddingFunction[Documents]):
    """OpenAI-compatible embeddings through langchain-openai; the client is created on first use."""

    def __init__(self, model: str = OPENAI_DEFAULT_MODEL, base_url: str | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self._client: Any = None

    def __call__(self, input: Documents) -> Embeddings:
        if self._client is None:
            from langchain_openai import OpenAIEmbeddings

            settings = get_settings()
            self._client = OpenAIEmbeddings(
                model=self.model, base_url=self.base_url, api_key=settings.openai_api_key
            )
        return [np.array(v, dtype=np.float32) for v in self._client.embed_documents(list(input))]

    @staticmethod
    def name() -> str:
        return "segment_agent_openai"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedding:
        return OpenAIEmbedding(
            model=config.get("model", OPENAI_DEFAULT_MODEL), base_url=config.get("base_url")
        )

    def default_space(self) -> str:
        return "cosine"


def make_embedding_function(settings: Settings | None = None) -> EmbeddingFunction[Documents]:
    """The embedding settings.embedding names: 'hashing', 'openai[:MODEL]', 'minilm' or
    'sentence-transformers:PATH' (the last two local models, an optional install)."""
    settings = settings or get_settings()
    choice = settings.embedding.strip()
    kind, _, arg = choice.partition(":")
    if kind == "hashing":
        return HashingEmbedding(dim=int(arg) if arg.isdigit() else HASHING_DIM)
    if kind == "openai":
        if not settings.openai_api_key:
            raise UserError(
                "The 'openai' embedding needs an API key.",
                hint="Set SEGMENT_AGENT_OPENAI_API_KEY, or use SEGMENT_AGENT_EMBEDDING=hashing.",
            )
        return OpenAIEmbedding(model=arg or OPENAI_DEFAULT_MODEL, base_url=settings.openai_base_url)
    if kind == "minilm" and not arg:
        return minilm_embedding()
    if kind == "sentence-transformers" and arg:
        return sentence_embedding(arg)
    raise UserError(
        f"Unknown embedding {choice!r}.",
        hint="Use 'hashing' (default), 'openai[:MODEL]', 'minilm' or 'sentence-transformers:PATH'.",
    )


def embedding_key(function: EmbeddingFunction[Documents]) -> str:
    """A stable identity of an embedding function and its settings (part of the index name)."""
    config = function.get_config() or {}
    return f"{function.name()}:" + ",".join(f"{k}={config[k]}" for k in sorted(config) if k != "api_key")
