"""The schema index in Chroma: build once per catalog content, reopen from disk or a Chroma server.

The collection name is a digest of the documents and the embedding, so a changed catalog (or
embedding) gets a new collection and an unchanged one is never rebuilt. PII and legacy documents
live in a second, small collection searched only when asked: they cannot leak through a filter,
and ordinary queries need no broad metadata filter (Chroma's filters cost ~30 ms at 9,000 documents).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings

from segment_agent.errors import UserError
from segment_agent.settings import Settings, get_settings
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.embeddings import embedding_key, make_embedding_function
from segment_agent.tools.schema_documents import SchemaDocument, build_documents

DOCUMENT_VERSION = 3  # bump when build_documents changes what it writes
BATCH = 500
MAX_OPEN = 8  # indexes kept open per process
MAX_CLIENTS = 4  # Chroma locations kept open per process
Progress = Callable[[str, float], None]


@dataclass
class SchemaIndex:
    """One catalog's documents and the Chroma collections that hold their embeddings."""

    name: str
    documents: list[SchemaDocument]
    collections: dict[str, Collection]  # 'open' and 'restricted' (PII or legacy)
    counts: dict[str, int]
    embedding: EmbeddingFunction[Documents]

    def query(
        self,
        text: str,
        n: int,
        *,
        include_pii: bool = False,
        include_legacy: bool = False,
        tables: list[str] | None = None,
    ) -> dict[str, float]:
        """{document id: cosine similarity} of the `n` documents nearest to `text` within the filters."""
        vector = self.embedding([text])[0]
        table_rule = [{"table": {"$in": list(tables)}}] if tables else []
        found = self._nearest("open", vector, n, table_rule)
        if include_pii or include_legacy:
            rules = [{"pii": False}] if not include_pii else []
            rules += [{"legacy": False}] if not include_legacy else []
            found.update(self._nearest("restricted", vector, n, rules + table_rule))
        return dict(sorted(found.items(), key=lambda kv: -kv[1])[:n])

    def _nearest(self, part: str, vector: Any, n: int, rules: list[dict[str, Any]]) -> dict[str, float]:
        n = min(n, self.counts[part])
        if n <= 0:
            return {}
        where = None if not rules else rules[0] if len(rules) == 1 else {"$and": rules}
        found = self.collections[part].query(
            query_embeddings=[vector], n_results=n, where=where, include=["distances"]
        )
        return {i: 1.0 - float(d) for i, d in zip(found["ids"][0], found["distances"][0], strict=True)}


def restricted(document: SchemaDocument) -> bool:
    """PII and legacy documents are searched only on request."""
    return document.pii or document.legacy


_OPEN: dict[tuple[str, str, str], SchemaIndex] = {}
_CLIENTS: dict[str, ClientAPI] = {}


def index_name(documents: list[SchemaDocument], embedding: EmbeddingFunction[Documents]) -> str:
    """'schema-<digest>': changes with any document or with the embedding function."""
    digest = hashlib.sha256(f"v{DOCUMENT_VERSION}|{embedding_key(embedding)}".encode())
    for d in documents:
        digest.update(f"\x1e{d.id}\x1f{d.text}\x1f{sorted(d.metadata().items())}".encode())
    return f"schema-{digest.hexdigest()[:32]}"


def chroma_client(settings: Settings) -> ClientAPI:
    """An HttpClient for settings.chroma_url, else an embedded PersistentClient under the data home."""
    location = _location(settings)
    if location in _CLIENTS:
        return _CLIENTS[location]
    options = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname or "localhost", port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https", settings=options,
            )  # fmt: skip
        else:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=options)
    except (ValueError, OSError) as err:
        raise UserError(
            f"Cannot open the schema index at {location}: {err}",
            hint="Check SEGMENT_AGENT_CHROMA_URL (a running Chroma server) or the data home's permissions.",
        ) from err
    if len(_CLIENTS) >= MAX_CLIENTS:  # e.g. a data home per test: keep only the latest few open
        _forget(next(iter(_CLIENTS)))
    _CLIENTS[location] = client
    return client


def forget_location(settings: Settings) -> None:
    """Close this process's client of one index location and drop its cached indexes (e.g. a temp dir)."""
    _forget(_location(settings))


def _forget(location: str) -> None:
    for key in [key for key in _OPEN if key[0] == location]:
        del _OPEN[key]
    client = _CLIENTS.pop(location, None)
    if client is not None and hasattr(client, "close"):
        client.close()


def _location(settings: Settings) -> str:
    return settings.chroma_url or str(settings.chroma_dir)


def ensure_index(
    catalog: Catalog, settings: Settings | None = None, progress: Progress | None = None
) -> SchemaIndex:
    """The catalog's index: from this process's cache, from Chroma, or built now (progress reported)."""
    settings = settings or get_settings()
    embedding = make_embedding_function(settings)
    key = (_location(settings), catalog.fingerprint or _content_key(catalog), embedding_key(embedding))
    if key in _OPEN:
        return _OPEN[key]
    documents = build_documents(catalog)
    name = index_name(documents, embedding)
    client = chroma_client(settings)
    parts = {
        "open": [d for d in documents if not restricted(d)],
        "restricted": [d for d in documents if restricted(d)],
    }
    names = {"open": name, "restricted": f"{name}-restricted"}
    collections = {part: _open_complete(client, names[part], embedding, len(parts[part])) for part in parts}
    done = 0
    for part, docs in parts.items():
        if collections[part] is None:
            collections[part] = _build(client, names[part], embedding, docs, progress, done, len(documents))
        done += len(docs)
    index = SchemaIndex(
        name=name, documents=documents, collections=collections,  # type: ignore[arg-type]
        counts={part: len(docs) for part, docs in parts.items()}, embedding=embedding,
    )  # fmt: skip
    if len(_OPEN) >= MAX_OPEN:
        del _OPEN[next(iter(_OPEN))]
    _OPEN[key] = index
    return index


def _content_key(catalog: Catalog) -> str:
    """A key for catalogs built without a fingerprint (by hand, in tests)."""
    return hashlib.sha256(catalog.model_dump_json().encode()).hexdigest()


def _open_complete(
    client: ClientAPI, name: str, embedding: EmbeddingFunction[Documents], expected: int
) -> Collection | None:
    """The existing collection when it holds every document; a partial one (interrupted build) is dropped."""
    try:
        collection = client.get_collection(name, embedding_function=embedding)
    except Exception:  # chromadb raises NotFoundError or ValueError depending on the client
        return None
    if collection.count() == expected:
        return collection
    client.delete_collection(name)
    return None


def _build(
    client: ClientAPI,
    name: str,
    embedding: EmbeddingFunction[Documents],
    documents: list[SchemaDocument],
    progress: Progress | None,
    done: int,
    total: int,
) -> Collection:
    collection = client.get_or_create_collection(
        name, embedding_function=embedding, configuration={"hnsw": {"space": "cosine"}}
    )
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        # upsert, not add: two processes building the same index at once write the same rows
        collection.upsert(
            ids=[d.id for d in batch],
            documents=[d.text for d in batch],
            metadatas=[d.metadata() for d in batch],  # type: ignore[misc]
        )
        if progress:
            progress("Indexing the schema", (done + min(start + BATCH, len(documents))) / total)
    return collection
