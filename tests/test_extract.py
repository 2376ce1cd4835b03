import io
import sys

import pytest

from briefing import cache
from briefing import extract as extraction
from briefing.build import build, extract_findings, read_corpus
from briefing.cache import FindingsStore
from briefing.errors import InputError
from briefing.extract import Run, extract, extract_one
from briefing.findings import Findings, from_json, to_json

CASE = """
title: Militia talks
sources:
  - file: a.txt
    published: 2020-01-13
  - file: b.txt
    published: 2020-01-14
  - file: c.txt
"""

SOURCES = {
    "a.txt": "Sadr meets militia leaders in Qom\n\nMuqtada al-Sadr met leaders of Iraqi factions in Qom on Monday, "
             "sources said. Kataib Hezbollah did not respond to a request for comment.\n",
    "b.txt": "Talks in Iran\n\nThe Iraqi cleric Moqtada al-Sadr hosted the meeting in Qom, Iran, on January 13, "
             "officials told Reuters. Sadr said the factions would form a united front.\n",
    "c.txt": "Drone attack in Baghdad\n\nA drone struck the residence of Prime Minister Mustafa al-Kadhimi in "
             "Baghdad on Sunday. No armed faction claimed responsibility for the attack.\n",
}


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The fingerprint of the package as it is now, as Dask workers starting now will see it.
    cache.fingerprint.cache_clear()


@pytest.fixture
def corpus(case_dir):
    return case_dir(CASE, SOURCES)


def document(corpus, run):
    out = io.BytesIO()
    extract_findings(corpus, run)(out)
    return out.getvalue()


def test_a_sources_findings_survive_their_json(corpus):
    _, sources, _ = read_corpus(corpus)
    for source in sources:
        found = extract_one(source)
        assert found.actors and from_json(to_json(found)) == found


def test_findings_are_the_same_whatever_the_jobs_and_the_cache(corpus, monkeypatch):
    serial = document(corpus, Run(jobs=1, cache=False))
    monkeypatch.setattr(extraction, "PARALLEL_FROM_CHARACTERS", 0)   # three small sources still go to processes
    assert document(corpus, Run(jobs=2, cache=False)) == serial
    assert document(corpus, Run(jobs=2)) == serial   # extracted and cached
    assert document(corpus, Run(jobs=1)) == serial   # all from the cache


def test_the_brief_is_byte_identical_with_and_without_the_cache(corpus, tmp_path):
    built = [build(corpus, ["md", "json"], tmp_path / name, run)
             for name, run in [("fresh", Run(cache=False)), ("cold", Run()), ("warm", Run()), ("two", Run(jobs=2))]]
    for paths in built[1:]:
        assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in built[0]]


def test_an_unchanged_source_is_not_extracted_again(corpus, monkeypatch):
    extract(read_corpus(corpus)[1], Run())
    (corpus.parent / "c.txt").write_text(SOURCES["c.txt"].replace("Sunday", "Monday"), encoding="utf-8")
    extracted = []
    monkeypatch.setattr(extraction, "EXTRACTORS", [lambda source: extracted.append(source.key) or Findings()])
    monkeypatch.setattr(extraction, "LINKERS", [])
    extract(read_corpus(corpus)[1], Run())
    assert extracted == ["c.txt"]



@pytest.mark.parametrize("line, corrupt", [(0, '[{"id": "a.txt#1"}]'), (2, "[[1]]"), (3, '[["a.txt"]]')])
def test_an_entry_whose_actors_clauses_or_sentences_do_not_read_back_is_extracted_again(corpus, line, corrupt):
    _, sources, _ = read_corpus(corpus)
    expected = to_json(extract(sources, Run(cache=False)))
    extract(sources, Run())
    store = FindingsStore()
    keys = [extraction._key(store, source) for source in sources]
    # Each source's JSON is four lines: actors, the rest, the clauses' rows, the sentences' rows.
    lines = store.get(keys[1]).split("\n")
    lines[line] = corrupt
    store.put(keys[1], "\n".join(lines))
    store._path(store.key("corpus", *keys)).unlink()
    assert to_json(extract(sources, Run())) == expected
    assert from_json(store.get(keys[1])) == extract_one(sources[1])

def test_metadata_that_extraction_reads_is_part_of_the_key(corpus):
    _, sources, _ = read_corpus(corpus)
    store = FindingsStore()
    later = sources[0].model_copy(update={"meta": sources[0].meta.model_copy(update={"published": "2021-05-01"})})
    assert extraction._key(store, later) != extraction._key(store, sources[0])


def test_a_corrupt_entry_is_extracted_again_and_rewritten(corpus):
    _, sources, _ = read_corpus(corpus)
    expected = to_json(extract(sources, Run(cache=False)))
    extract(sources, Run())
    store = FindingsStore()
    keys = [extraction._key(store, source) for source in sources]
    for key in [*keys, store.key("corpus", *keys)]:
        store._path(key).write_text('{"actors": [', encoding="utf-8")
    assert to_json(extract(sources, Run())) == expected
    assert from_json(store.get(keys[0])) == extract_one(sources[0])


def test_progress_is_reported_per_source_up_to_the_end(corpus):
    _, sources, _ = read_corpus(corpus)
    seen = []
    extract(sources, Run(cache=False, progress=lambda done, total: seen.append((done, total))))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_dask_gives_the_same_findings(corpus):
    pytest.importorskip("dask.distributed")
    assert document(corpus, Run(engine="dask", jobs=2, cache=False)) == document(corpus, Run(jobs=1, cache=False))


def test_dask_on_a_running_scheduler_gives_the_same_findings(corpus):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        on_cluster = document(corpus, Run(engine="dask", scheduler=cluster.scheduler_address, cache=False))
    assert on_cluster == document(corpus, Run(jobs=1, cache=False))


def test_dask_missing_is_the_users_to_install(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(InputError, match=r"pip install 'briefing\[dask\]'"):
        extract(read_corpus(corpus)[1], Run(engine="dask", cache=False))


def test_a_large_corpus_gives_freed_memory_back_between_steps_with_the_same_findings(corpus, monkeypatch):
    _, sources, _ = read_corpus(corpus)
    small = to_json(extract(sources, Run(jobs=1, cache=False)))
    calls = []
    monkeypatch.setattr(extraction, "PARALLEL_FROM_CHARACTERS", 0)
    monkeypatch.setattr(extraction, "give_back_freed_memory",
                        lambda real=extraction.give_back_freed_memory: calls.append(real()))
    assert to_json(extract(sources, Run(jobs=1, cache=False))) == small
    assert len(calls) == len(extraction.LINKERS) + 1
