"""Trust: signing keys, digests, the append-only Merkle log (RFC 6962 / 9162),
inclusion and consistency proofs, and signed tree heads (C2SP checkpoints).

Digests are :class:`bytes`. Two profiles exist throughout: international
(Ed25519 + SHA-256, the default) and 国密 (SM2 with SM3, SM3 digests).
"""

from __future__ import annotations

import enum
from typing import Any, List, Optional, Sequence, Union

from . import errors
from ._core import (
    Handle,
    PathLike,
    borrowed,
    check,
    ffi,
    lib,
    path_in,
    string_out,
    take_bytes,
    text_in,
    data_in,
)

__all__ = [
    "HashAlg",
    "SigAlg",
    "hash_size",
    "hash_data",
    "hash_from_hex",
    "hash_to_hex",
    "hash_equal",
    "leaf_hash",
    "node_hash",
    "verify_inclusion",
    "verify_consistency",
    "Key",
    "Log",
    "Checkpoint",
    "sign_checkpoint",
]

Data = Union[bytes, bytearray, memoryview, str]


class HashAlg(enum.IntEnum):
    """Digest algorithms."""

    SHA256 = lib.DS_HASH_SHA256  #: SHA-256, the default
    SM3 = lib.DS_HASH_SM3  #: SM3 (国密)


class SigAlg(enum.IntEnum):
    """Signature algorithms."""

    ED25519 = lib.DS_SIG_ED25519  #: Ed25519, the default
    SM2_SM3 = lib.DS_SIG_SM2_SM3  #: SM2 with SM3 (国密)


def _bytes(data: Data) -> bytes:
    return data_in(data)


def hash_in(value: bytes, what: str = "hash") -> Any:
    """A digest (bytes) as a new ``ds_hash``."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes, not {type(value).__name__}")
    value = bytes(value)
    if len(value) > lib.DS_HASH_MAX:
        raise errors.RangeError(f"{what}: {len(value)} bytes, more than {lib.DS_HASH_MAX}", code=lib.DS_ERANGE)
    h = ffi.new("ds_hash *")
    h.size = len(value)
    ffi.memmove(h.bytes, value, len(value))
    return h


def hash_out(h: Any) -> bytes:
    """A ``ds_hash`` as bytes."""
    return bytes(ffi.buffer(h.bytes, h.size))


def hashes_in(values: Sequence[bytes], what: str = "proof") -> Any:
    """A list of digests as a ``ds_hash[]`` (NULL when empty)."""
    if not values:
        return ffi.NULL
    arr = ffi.new("ds_hash[]", len(values))
    for i, v in enumerate(values):
        h = hash_in(v, f"{what}[{i}]")
        arr[i] = h[0]
    return arr


def take_hashes(pp: Any, count: int) -> List[bytes]:
    """Copy and free a caller-owned ``ds_hash`` array."""
    p = pp[0]
    try:
        return [hash_out(p[i]) for i in range(count)]
    finally:
        if p != ffi.NULL:
            lib.ds_free(p)


def hash_size(alg: Union[HashAlg, int]) -> int:
    """The size in bytes of an algorithm's digests (0 for an unknown one)."""
    return int(lib.ds_hash_size(int(alg)))


def hash_data(data: Data, alg: Union[HashAlg, int] = HashAlg.SHA256) -> bytes:
    """The digest of @data (str is hashed as UTF-8)."""
    b = _bytes(data)
    h = ffi.new("ds_hash *")
    check(lib.ds_hash_data(h, int(alg), b, len(b)))
    return hash_out(h)


def hash_from_hex(text: str) -> bytes:
    """Parse a digest written in hex (ParseError with the column for a bad digit)."""
    h = ffi.new("ds_hash *")
    check(lib.ds_hash_from_hex(h, text_in(text)))
    return hash_out(h)


def hash_to_hex(value: bytes) -> str:
    """A digest in lower-case hex."""
    return string_out(lib.ds_hash_to_hex, hash_in(value))


def hash_equal(a: bytes, b: bytes) -> bool:
    """Whether two digests are equal (the library's comparison)."""
    return bool(lib.ds_hash_equal(hash_in(a), hash_in(b)))


def leaf_hash(entry: Data, alg: Union[HashAlg, int] = HashAlg.SHA256) -> bytes:
    """The Merkle leaf hash H(0x00 || entry)."""
    b = _bytes(entry)
    h = ffi.new("ds_hash *")
    check(lib.ds_merkle_leaf_hash(h, int(alg), b, len(b)))
    return hash_out(h)


def node_hash(left: bytes, right: bytes, alg: Union[HashAlg, int] = HashAlg.SHA256) -> bytes:
    """The Merkle interior node hash H(0x01 || left || right)."""
    h = ffi.new("ds_hash *")
    check(lib.ds_merkle_node_hash(h, int(alg), hash_in(left, "left"), hash_in(right, "right")))
    return hash_out(h)


def verify_inclusion(
    index: int,
    size: int,
    leaf: bytes,
    proof: Sequence[bytes],
    root: bytes,
    alg: Union[HashAlg, int] = HashAlg.SHA256,
) -> None:
    """Check that the leaf with hash @leaf is at @index in the tree of @size
    leaves with root @root; raises :class:`VerifyError` saying why not."""
    check(
        lib.ds_merkle_verify_inclusion(
            int(alg), index, size, hash_in(leaf, "leaf"), hashes_in(proof), len(proof), hash_in(root, "root")
        )
    )


def verify_consistency(
    size1: int,
    size2: int,
    root1: bytes,
    root2: bytes,
    proof: Sequence[bytes],
    alg: Union[HashAlg, int] = HashAlg.SHA256,
) -> None:
    """Check that the tree (@size1, @root1) is a prefix of (@size2, @root2);
    raises :class:`VerifyError` saying why not."""
    check(
        lib.ds_merkle_verify_consistency(
            int(alg), size1, size2, hash_in(root1, "root1"), hash_in(root2, "root2"), hashes_in(proof), len(proof)
        )
    )


# ------------------------------------------------------------------ keys


class Key(Handle):
    """A signing key pair, or a public key alone.

    Create with :meth:`generate`, :meth:`load` (a PEM file; private key files
    must be mode 0600) or :meth:`parse` (PEM text). Safe to share between threads.
    """

    _kind = "key"

    @classmethod
    def _wrap(cls, pp: Any) -> "Key":
        return cls._own(pp[0], lib.ds_key_free)

    @classmethod
    def generate(cls, alg: Union[SigAlg, int] = SigAlg.ED25519) -> "Key":
        """A new key pair."""
        pp = ffi.new("ds_key **")
        check(lib.ds_key_generate(pp, int(alg)))
        return cls._wrap(pp)

    @classmethod
    def load(cls, path: PathLike) -> "Key":
        """Load a private (PKCS #8) or public key from a PEM file."""
        pp = ffi.new("ds_key **")
        check(lib.ds_key_load(pp, path_in(path)))
        return cls._wrap(pp)

    @classmethod
    def parse(cls, pem: Data) -> "Key":
        """Parse a private or public key from PEM text."""
        b = _bytes(pem)
        pp = ffi.new("ds_key **")
        check(lib.ds_key_parse(pp, b, len(b)))
        return cls._wrap(pp)

    def save_private(self, path: PathLike) -> None:
        """Write the private key to a new file (mode 0600; never overwrites)."""
        with self._lock:
            check(lib.ds_key_save_private(self._p(), path_in(path)))

    @property
    def public_pem(self) -> str:
        """The public key as PEM (SubjectPublicKeyInfo)."""
        with self._lock:
            return string_out(lib.ds_key_public_pem, self._p())

    def public(self) -> "Key":
        """The public half alone, as a new Key."""
        return Key.parse(self.public_pem)

    @property
    def id(self) -> str:
        """The key identifier: hex digest of the DER public key (64 digits)."""
        with self._lock:
            return string_out(lib.ds_key_id, self._p())

    @property
    def alg(self) -> SigAlg:
        """The signature algorithm."""
        with self._lock:
            return SigAlg(lib.ds_key_alg(self._p()))

    @property
    def hash_alg(self) -> HashAlg:
        """The digest that goes with the key: SHA-256 for Ed25519, SM3 for SM2."""
        with self._lock:
            return HashAlg(lib.ds_key_hash_alg(self._p()))

    @property
    def is_private(self) -> bool:
        """Whether the key can sign."""
        with self._lock:
            return bool(lib.ds_key_is_private(self._p()))

    def sign(self, data: Data) -> bytes:
        """Sign @data: Ed25519 (64 bytes) or SM2 with SM3 (DER)."""
        b = _bytes(data)
        sig = ffi.new("unsigned char **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_key_sign(sig, n, self._p(), b, len(b)))
        return take_bytes(sig, n[0])

    def verify(self, data: Data, signature: bytes) -> None:
        """Check a signature; raises :class:`VerifyError` when it does not verify."""
        b = _bytes(data)
        s = bytes(signature)
        with self._lock:
            check(lib.ds_key_verify(self._p(), b, len(b), s, len(s)))

    def note_verifier(self, name: str) -> str:
        """The signed-note verifier key ``name+hash+base64`` (Go's note.NewVerifier)."""
        with self._lock:
            return string_out(lib.ds_key_note_verifier, self._p(), text_in(name))

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Key closed>"
        kind = "private" if self.is_private else "public"
        return f"<datasset.Key {self.alg.name} {kind} {self.id[:16]}>"


# ------------------------------------------------------------------ the log


class Log(Handle):
    """An append-only Merkle log: in memory (:meth:`memory`), or the registry's
    own (:attr:`datasset.Registry.log`, borrowed from the registry)."""

    _kind = "log"

    @classmethod
    def memory(cls, hash: Union[HashAlg, int] = HashAlg.SHA256) -> "Log":  # noqa: A002
        """A new empty log held in memory."""
        opts = ffi.new("ds_translog_options *")
        check(lib.ds_translog_options_init(opts, lib.DS_TRANSLOG_OPTIONS_VERSION))
        opts.hash = int(hash)
        pp = ffi.new("ds_translog **")
        check(lib.ds_translog_new_memory(pp, opts))
        return cls._own(pp[0], lib.ds_translog_free)

    @property
    def hash_alg(self) -> HashAlg:
        """The log's digest algorithm."""
        with self._lock:
            return HashAlg(lib.ds_translog_hash_alg(self._p()))

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_translog_size(self._p()))

    @property
    def size(self) -> int:
        """The number of entries."""
        return len(self)

    def append(self, entry: Data) -> int:
        """Append an entry; returns its 0-based index."""
        b = _bytes(entry)
        idx = ffi.new("uint64_t *")
        with self._lock:
            check(lib.ds_translog_append(idx, self._p(), b, len(b)))
        return int(idx[0])

    def append_leaf_hash(self, leaf: bytes) -> int:
        """Append an entry given by its leaf hash; returns its index."""
        idx = ffi.new("uint64_t *")
        with self._lock:
            check(lib.ds_translog_append_leaf_hash(idx, self._p(), hash_in(leaf, "leaf")))
        return int(idx[0])

    def leaf_hash(self, index: int) -> bytes:
        """The leaf hash at @index (RangeError past the end)."""
        h = ffi.new("ds_hash *")
        with self._lock:
            check(lib.ds_translog_leaf_hash(h, self._p(), index))
        return hash_out(h)

    def root(self, size: Optional[int] = None) -> bytes:
        """The root of the tree of the first @size entries (default: all)."""
        h = ffi.new("ds_hash *")
        with self._lock:
            p = self._p()
            check(lib.ds_translog_root(h, p, lib.ds_translog_size(p) if size is None else size))
        return hash_out(h)

    def inclusion_proof(self, index: int, size: Optional[int] = None) -> List[bytes]:
        """The inclusion proof of entry @index in the tree of @size entries (default: all)."""
        pp = ffi.new("ds_hash **")
        n = ffi.new("size_t *")
        with self._lock:
            p = self._p()
            check(lib.ds_translog_inclusion_proof(pp, n, p, index, lib.ds_translog_size(p) if size is None else size))
        return take_hashes(pp, n[0])

    def consistency_proof(self, size1: int, size2: Optional[int] = None) -> List[bytes]:
        """The consistency proof between the trees of @size1 and @size2 entries (default: all)."""
        pp = ffi.new("ds_hash **")
        n = ffi.new("size_t *")
        with self._lock:
            p = self._p()
            check(
                lib.ds_translog_consistency_proof(pp, n, p, size1, lib.ds_translog_size(p) if size2 is None else size2)
            )
        return take_hashes(pp, n[0])

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Log closed>"
        return f"<datasset.Log {self.hash_alg.name} size={len(self)}>"


# ------------------------------------------------------------ checkpoints


def sign_checkpoint(
    origin: str, size: int, root: bytes, key_name: str, key: Key, timestamp: int = 0
) -> str:
    """A signed tree head (C2SP checkpoint note text) for a tree of @size with @root."""
    with key._lock:
        return string_out(
            lib.ds_checkpoint_sign, text_in(origin), size, hash_in(root, "root"), timestamp, text_in(key_name), key._p()
        )


class Checkpoint(Handle):
    """A verified checkpoint: :meth:`open` parses the note and checks the
    signature by (key name, key); :class:`VerifyError` when it does not verify."""

    _kind = "checkpoint"

    @classmethod
    def open(cls, note: Data, key_name: str, key: Key) -> "Checkpoint":
        b = _bytes(note)
        pp = ffi.new("ds_checkpoint **")
        with key._lock:
            check(lib.ds_checkpoint_open(pp, b, len(b), text_in(key_name), key._p()))
        return cls._own(pp[0], lib.ds_checkpoint_free)

    @property
    def origin(self) -> str:
        with self._lock:
            return borrowed(lib.ds_checkpoint_origin(self._p())) or ""

    @property
    def size(self) -> int:
        with self._lock:
            return int(lib.ds_checkpoint_size(self._p()))

    @property
    def root(self) -> bytes:
        h = ffi.new("ds_hash *")
        with self._lock:
            check(lib.ds_checkpoint_root(h, self._p()))
        return hash_out(h)

    @property
    def timestamp(self) -> int:
        """Seconds since 1970 UTC, 0 when the note has none."""
        with self._lock:
            return int(lib.ds_checkpoint_timestamp(self._p()))

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Checkpoint closed>"
        return f"<datasset.Checkpoint {self.origin} size={self.size} root={self.root.hex()[:16]}>"
