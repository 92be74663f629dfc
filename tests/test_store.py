"""common.store: the content-addressed store under the kit's caches."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from common import store as store_module
from common.store import Store, code_version, content_key


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".tmp-*"))


# --- atomic writes ----------------------------------------------------------------------


def test_put_replaces_whole_entries_and_leaves_no_temporary_file(tmp_path):
    s = Store(tmp_path, "blob")
    key = s.key(hashlib.sha256(b"isi").hexdigest())
    s.put(key, b"pertama")
    s.put(key, b"kedua")
    assert s.get(key) == b"kedua"
    assert s.get(s.key("lain")) is None
    assert leftovers(tmp_path) == []


def test_a_write_that_fails_keeps_the_previous_entry(tmp_path, monkeypatch):
    s = Store(tmp_path, "blob")
    s.put_pickle("nilai", {"a": 1})

    def broken(src, dst):
        raise OSError("disk penuh")

    monkeypatch.setattr(store_module.os, "replace", broken)
    with pytest.raises(OSError):
        s.put_pickle("nilai", {"a": 2})
    monkeypatch.undo()
    assert s.get_pickle("nilai") == {"a": 1}
    assert leftovers(tmp_path) == []


def test_a_folder_entry_appears_whole_or_not_at_all(tmp_path):
    s = Store(tmp_path, "gambar", fanout=2, marker="meta.json")
    key = s.key("a" * 64)

    def half(work: Path):
        (work / "480.webp").write_bytes(b"x")
        raise RuntimeError("gagal di tengah")

    with pytest.raises(RuntimeError):
        s.put_folder(key, half)
    assert s.folder(key) is None and leftovers(tmp_path) == []

    def whole(work: Path):
        (work / "480.webp").write_bytes(b"x")
        (work / "meta.json").write_text("{}")

    folder = s.put_folder(key, whole)
    assert folder == tmp_path / "gambar" / key[:2] / key
    assert s.folder(key) == folder and sorted(p.name for p in folder.iterdir()) == ["480.webp", "meta.json"]
    # The same entry made again (another build did it meanwhile): the complete one stays.
    s.put_folder(key, whole)
    assert s.folder(key) == folder and leftovers(tmp_path) == []


def test_blobs_get_the_usual_file_mode(tmp_path):
    """Blobs can be hard-linked into the output: readable as any new file is."""
    s = Store(tmp_path, "blob")
    path = s.put("x.gz", b"isi")
    plain = tmp_path / "biasa"
    plain.write_bytes(b"isi")
    assert path.stat().st_mode == plain.stat().st_mode


def test_keys_are_checked(tmp_path):
    with pytest.raises(ValueError):
        Store(tmp_path, "flat").path("../luar")
    with pytest.raises(ValueError):
        Store(tmp_path, "fan", fanout=2).path("bukan-hex")


# --- two processes ----------------------------------------------------------------------


def _writer(root: str, key: str, fill: bytes, rounds: int):
    s = Store(root, "bersama")
    for _ in range(rounds):
        s.put(key, fill * 50_000)


def _folder_writer(root: str, key: str, fill: bytes):
    s = Store(root, "bersama", fanout=2)

    def write(work: Path):
        for i in range(20):
            (work / f"{i}.bin").write_bytes(fill * 10_000)
            time.sleep(0.001)

    s.put_folder(key, write)


def test_two_processes_writing_the_same_key_never_leave_a_mixed_entry(tmp_path):
    ctx = multiprocessing.get_context("fork")
    s = Store(tmp_path, "bersama")
    key = "entri"
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), key, fill, 40)) for fill in (b"a", b"b")]
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs):
        data = s.get(key)
        if data is not None:
            assert len(data) == 50_000 and len(set(data)) == 1  # one writer's bytes, whole
    for p in procs:
        p.join()
        assert p.exitcode == 0
    assert s.get(key) in (b"a" * 50_000, b"b" * 50_000)
    assert leftovers(tmp_path) == []


def test_two_processes_making_the_same_folder_entry_both_succeed(tmp_path):
    ctx = multiprocessing.get_context("fork")
    key = content_key("c" * 64, "garam")
    procs = [ctx.Process(target=_folder_writer, args=(str(tmp_path), key, fill)) for fill in (b"a", b"b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    folder = Store(tmp_path, "bersama", fanout=2).folder(key)
    files = sorted(folder.iterdir())
    assert len(files) == 20
    assert len({f.read_bytes()[:1] for f in files}) == 1  # all from one of the two writers
    assert leftovers(tmp_path) == []


# --- salt -----------------------------------------------------------------------------


def test_another_salt_finds_nothing(tmp_path):
    old, new = Store(tmp_path, "s", "kode-1"), Store(tmp_path, "s", "kode-2")
    old.save("ringkasan", {"halaman": 3})
    old.save_json("jejak.json", {"kunci": "abc"})
    assert old.load("ringkasan") == {"halaman": 3} and old.load_json("jejak.json") == {"kunci": "abc"}
    assert new.load("ringkasan") is None and new.load_json("jejak.json") is None
    assert old.key("d" * 32) != new.key("d" * 32)
    assert Store(tmp_path, "s", "kode-1").key("d" * 32) == old.key("d" * 32)


def test_a_broken_snapshot_is_no_snapshot(tmp_path):
    s = Store(tmp_path, "s", "kode")
    s.put("ringkasan", b"bukan pickle")
    s.put("jejak.json", b"{bukan json")
    assert s.load("ringkasan") is None and s.load_json("jejak.json") is None


def test_code_version_follows_the_package_files_and_the_kit_version(tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    (plugins / "paket" / "__pycache__").mkdir(parents=True)
    (plugins / "paket" / "modul.py").write_text("X = 1\n")
    (plugins / "paket" / "data.toml").write_text("a = 1\n")
    (plugins / "lain").mkdir()
    (plugins / "lain" / "modul.py").write_text("Y = 1\n")
    (tmp_path / "VERSION").write_text("1.0.0\n")
    monkeypatch.setattr(store_module, "PLUGINS", plugins)
    monkeypatch.setattr(store_module, "VERSION_FILE", tmp_path / "VERSION")
    first = code_version("paket")
    (plugins / "paket" / "__pycache__" / "modul.cpython-311.pyc").write_bytes(b"\0")
    (plugins / "paket" / "modul.py~").write_text("cadangan editor")
    (plugins / "lain" / "modul.py").write_text("Y = 2\n")
    assert code_version("paket") == first  # compiled files, editor backups, other packages: no change
    (plugins / "paket" / "data.toml").write_text("a = 2\n")
    second = code_version("paket")
    assert second != first  # any file of the package, not only its Python
    (tmp_path / "VERSION").write_text("1.0.1\n")
    assert code_version("paket") != second
    assert code_version("paket", "lain") != code_version("paket")
    with pytest.raises(ValueError):
        code_version("tidak-ada")  # a misspelt package would salt nothing


def test_the_real_packages_have_a_code_version():
    assert code_version("rendering") != code_version("content")
    assert len(code_version("rendering")) == 64


# --- pruning ----------------------------------------------------------------------------


def test_prune_by_age_keeps_used_recent_and_foreign_entries(tmp_path):
    s = Store(tmp_path, "gambar", fanout=2, marker="meta.json")
    keys = [content_key(c * 64, "garam") for c in "abc"]
    for key in keys:
        s.put_folder(key, lambda work: (work / "meta.json").write_text("{}"))
    used, recent, old = keys
    month = time.time() - 31 * 86400
    for key in (used, old):
        os.utime(s.folder(key) / "meta.json", (month, month))
    foreign = tmp_path / "gambar" / "ab" / "catatan-tim"
    foreign.mkdir(parents=True)
    os.utime(foreign, (month, month))
    unfinished = tmp_path / "gambar" / "ab" / ".tmp-sisa"
    unfinished.mkdir()
    os.utime(unfinished, (month, month))
    assert s.prune({used}, days=30) == 2  # the old entry and the unfinished one
    assert s.folder(used) and s.folder(recent) and s.folder(old) is None
    assert foreign.is_dir() and not unfinished.exists()
    assert time.time() - (s.folder(used) / "meta.json").stat().st_mtime < 60  # marked as used now


def test_prune_without_age_keeps_only_what_this_build_used(tmp_path):
    s = Store(tmp_path, "cari")
    for name in ("berita-2019-1-aaaa", "berita-2019-1-bbbb", "halaman-1-cccc"):
        s.put_folder(name, lambda work: (work / "kosong").touch())
    s.put("terkompresi", b"")
    (tmp_path / "cari" / ".tmp-setengah").mkdir()
    assert s.prune({"berita-2019-1-bbbb", "halaman-1-cccc", "terkompresi"}) == 2
    assert sorted(p.name for p in (tmp_path / "cari").iterdir()) == ["berita-2019-1-bbbb", "halaman-1-cccc", "terkompresi"]
    assert Store(tmp_path, "belum-ada").prune(set()) == 0


@pytest.fixture
def kept(monkeypatch):
    """This process keeps snapshots in memory, as the preview's build process does."""
    monkeypatch.setattr(store_module, "_kept", None)
    monkeypatch.setattr(store_module, "_pending", {})
    store_module.keep_snapshots()


def reload_elsewhere(root, name, salt):
    """What another process (a one-off build) finds on disk."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_load_in_child, (str(root), name, salt))


def _load_in_child(root, name, salt):
    return Store(root, "s", salt).load(name)


def test_kept_snapshots_are_written_after_the_pages_and_follow_the_disk(tmp_path, kept):
    s = Store(tmp_path, "s", "v1")
    s.save("cache.pickle", {"a": 1})
    s.save("cache.pickle", {"a": 2}, later=True)
    assert s.load("cache.pickle") == {"a": 2}  # this process sees its newest value at once
    assert reload_elsewhere(tmp_path, "cache.pickle", "v1") == {"a": 1}  # the disk: not yet
    store_module.write_pending()
    assert reload_elsewhere(tmp_path, "cache.pickle", "v1") == {"a": 2}
    assert Store(tmp_path, "s", "v2").load("cache.pickle") is None  # another salt: nothing
    # Another process rewrites the file: the disk wins over what this process kept.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(_save_in_child, (str(tmp_path), "cache.pickle", "v1", {"a": 3}))
    assert s.load("cache.pickle") == {"a": 3}


def _save_in_child(root, name, salt, value):
    Store(root, "s", salt).save(name, value)


def test_a_build_writes_the_late_snapshots_before_it_returns(tmp_path, kept):
    """The preview's caches (validation, Markdown, links) reach the disk within the build,
    so a one-off build afterwards (another process) reuses them."""
    import shutil

    from content import build as kbuild

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content")
    out = tmp_path / "output"
    assert kbuild.build(str(root / "pelicanconf.py"), out, PATH=str(tmp_path / "content"), CARI_ENABLED=False) == 0
    assert not store_module._pending
    caches = {p.name for p in (tmp_path / ".cache").rglob("*.pickle")}
    assert {"validasi.pickle", "reader.pickle", "tautan.pickle"} <= caches
    validation = next((tmp_path / ".cache").rglob("validasi.pickle"))
    _salt, (entries, digests) = store_module.pickle.loads(validation.read_bytes())
    assert len(entries) == len(list((tmp_path / "content").rglob("*.md")))  # one per content file
    assert set(entries) <= set(digests)  # each with its md5 and stamp
