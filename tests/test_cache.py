import pytest

from briefing import cache


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "briefing"


def test_the_cache_lives_under_xdg_cache_home(own_cache, monkeypatch, tmp_path):
    assert cache.root() == own_cache
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.root() == tmp_path / "home" / ".cache" / "briefing"


def test_an_entry_is_written_whole_and_read_back(own_cache):
    store = cache.FindingsStore()
    key = store.key("ab" * 32, '{"file": "a.txt"}', "layout")
    assert store.get(key) is None
    store.put(key, '{"mentions": ["é"]}')
    assert store.get(key) == '{"mentions": ["é"]}'
    assert not [p for p in own_cache.rglob("*") if p.name.endswith(".tmp")]


def test_every_part_of_the_key_counts():
    store = cache.FindingsStore()
    keys = {store.key("a", "b", "c"), store.key("a", "b", "d"), store.key("b", "b", "c"), store.key("a", "bc")}
    assert len(keys) == 4


def test_an_unreadable_entry_is_missing():
    store = cache.FindingsStore()
    key = store.key("x")
    store.put(key, "text")
    store._path(key).write_bytes(b"\xff\xfe\x00")
    assert store.get(key) is None


def test_another_fingerprints_entries_are_removed_when_this_one_first_writes(own_cache):
    stale = own_cache / "0123456789abcdef01234567"
    stale.mkdir(parents=True)
    (stale / "gazetteer.marshal").write_bytes(b"old")
    cache.FindingsStore().put("ab" * 32, "{}")
    assert not stale.exists()


def test_a_change_to_any_file_of_the_package_changes_the_fingerprint(tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "code.py").write_text("x = 1\n")
    (package / "data" / "words.txt").write_text("word\n")
    monkeypatch.setattr(cache, "PACKAGE", package)

    def fingerprint():
        cache.fingerprint.cache_clear()
        return cache.fingerprint()

    try:
        before = fingerprint()
        (package / "data" / "words.txt").write_text("word\nother\n")
        assert fingerprint() != before
    finally:
        cache.fingerprint.cache_clear()


def test_versions_read_from_dist_info_folders_are_importlib_metadatas():
    from importlib import metadata

    from briefing.build import RENDERERS

    for name in (*RENDERERS, *cache.WRITERS, "PyYAML", "markdown_it_py"):
        assert cache.version(name) == metadata.version(name)
    assert cache.version("no-such-distribution-here") == ""
