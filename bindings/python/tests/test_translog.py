"""Keys, digests, the Merkle log, proofs and checkpoints."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

import datasset
from datasset import translog as T
from datasset.translog import HashAlg, Key, Log, SigAlg


def test_hashes():
    assert T.hash_size(HashAlg.SHA256) == 32 and T.hash_size(HashAlg.SM3) == 32 and T.hash_size(99) == 0
    assert T.hash_data(b"abc") == hashlib.sha256(b"abc").digest()
    assert T.hash_data("数据") == hashlib.sha256("数据".encode()).digest()
    sm3 = T.hash_data(b"abc", HashAlg.SM3)
    assert sm3.hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert T.hash_from_hex(sm3.hex().upper()) == sm3
    assert T.hash_to_hex(sm3) == sm3.hex()
    assert T.hash_equal(sm3, sm3) and not T.hash_equal(sm3, sm3[:-1])
    with pytest.raises(datasset.ParseError) as ei:
        T.hash_from_hex("abz0")
    assert ei.value.column == 3
    with pytest.raises(datasset.RangeError):
        T.hash_from_hex("00" * 65)
    with pytest.raises(datasset.RangeError):
        T.hash_to_hex(b"\0" * 65)
    with pytest.raises(datasset.ValidationError):
        T.hash_data(b"x", 7)


def test_merkle_hashes_follow_rfc6962():
    leaf = T.leaf_hash(b"entry")
    assert leaf == hashlib.sha256(b"\0entry").digest()
    node = T.node_hash(leaf, leaf)
    assert node == hashlib.sha256(b"\1" + leaf + leaf).digest()
    with pytest.raises(datasset.ValidationError):
        T.node_hash(leaf, leaf[:5])


@pytest.mark.parametrize("alg", list(HashAlg))
def test_log_and_proofs(alg):
    log = Log.memory(alg)
    assert log.hash_alg == alg and len(log) == 0
    assert log.root() == T.hash_data(b"", alg)
    for i in range(13):
        assert log.append(f"entry {i}".encode()) == i
    assert log.append_leaf_hash(T.leaf_hash(b"entry 13", alg)) == 13
    assert log.size == 14
    assert log.leaf_hash(3) == T.leaf_hash(b"entry 3", alg)
    root = log.root()
    for size in (1, 7, 14):
        for index in range(size):
            proof = log.inclusion_proof(index, size)
            T.verify_inclusion(index, size, log.leaf_hash(index), proof, log.root(size), alg)
    T.verify_inclusion(5, 14, log.leaf_hash(5), log.inclusion_proof(5), root, alg)
    with pytest.raises(datasset.VerifyError):
        T.verify_inclusion(5, 14, log.leaf_hash(6), log.inclusion_proof(5), root, alg)
    for s1 in range(1, 15):
        T.verify_consistency(s1, 14, log.root(s1), root, log.consistency_proof(s1), alg)
    with pytest.raises(datasset.VerifyError):
        T.verify_consistency(3, 14, log.root(4), root, log.consistency_proof(3), alg)
    with pytest.raises(datasset.RangeError):
        log.leaf_hash(14)
    with pytest.raises(datasset.RangeError):
        log.root(15)
    with pytest.raises(datasset.RangeError):
        log.inclusion_proof(14)
    with pytest.raises(datasset.RangeError):
        log.consistency_proof(0)
    assert "size=14" in repr(log)


@pytest.mark.parametrize("alg", list(SigAlg))
def test_keys(tmp_path, alg):
    key = Key.generate(alg)
    assert key.alg == alg and key.is_private
    assert key.hash_alg == (HashAlg.SHA256 if alg == SigAlg.ED25519 else HashAlg.SM3)
    assert len(key.id) == 64
    sig = key.sign(b"message")
    key.verify(b"message", sig)
    pub = key.public()
    assert not pub.is_private and pub.id == key.id
    pub.verify(b"message", sig)
    with pytest.raises(datasset.VerifyError):
        pub.verify(b"messagf", sig)
    with pytest.raises(datasset.ValidationError):
        pub.sign(b"x")
    path = tmp_path / "k.pem"
    key.save_private(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Key.load(path).id == key.id
    with pytest.raises(datasset.ExistsError):
        key.save_private(path)
    os.chmod(path, 0o644)
    with pytest.raises(datasset.StateError):
        Key.load(path)
    (tmp_path / "p.pem").write_text(key.public_pem)
    assert Key.load(tmp_path / "p.pem").id == key.id
    assert Key.parse(key.public_pem.encode()).id == key.id
    assert repr(key).startswith(f"<datasset.Key {alg.name} private")


def test_key_errors(tmp_path):
    with pytest.raises(datasset.FileError):
        Key.load(tmp_path / "none.pem")
    with pytest.raises(datasset.ParseError):
        Key.parse("not a key")
    with pytest.raises(datasset.ValidationError):
        Key.generate(9)


def test_checkpoints():
    key = Key.generate()
    log = Log.memory()
    for i in range(5):
        log.append(bytes([i]))
    note = T.sign_checkpoint("example.cn/log", 5, log.root(), "example.cn/log", key, timestamp=1700000000)
    assert note.startswith("example.cn/log\n5\n")
    cp = T.Checkpoint.open(note, "example.cn/log", key.public())
    assert (cp.origin, cp.size, cp.root, cp.timestamp) == ("example.cn/log", 5, log.root(), 1700000000)
    assert "size=5" in repr(cp)
    with pytest.raises(datasset.VerifyError):
        T.Checkpoint.open(note, "example.cn/log", Key.generate())
    with pytest.raises(datasset.ParseError) as ei:
        T.Checkpoint.open("o\n05\nAAAA\n\n— n AAAA\n", "n", key)
    assert ei.value.line == 2 and ei.value.field == "checkpoint"
    with pytest.raises(datasset.ParseError, match="no blank line"):
        T.Checkpoint.open("x\n", "n", key)
    verifier = key.note_verifier("example.cn/log")
    assert verifier.startswith("example.cn/log+")
    with pytest.raises(datasset.ValidationError):
        key.note_verifier("bad name")
