"""Attribution: cues, speakers, content, hedges and sourcing grades — on small invented news."""

import re
from dataclasses import replace
from pathlib import Path

from briefing import actors, attribution, data, sentences
from briefing.casefile import Source
from briefing.contract import findings_document
from briefing.findings import Attribution, Findings, Mention
from briefing.readers import Reading
from briefing.sources import make_source


def source(text: str, key: str = "s0", origin: tuple[int, ...] | None = None):
    return make_source(Source(file=f"{key}.txt", id=key), Path(f"{key}.txt"), Reading(text, "utf-8", None, origin),
                       text.encode())


def extracted(found) -> Findings:
    """A source's actors and attributions as extraction gives them, linked."""
    own = actors.find(found)
    return actors.link_across(own + attribution.find_in(found, own), [found])


def attributions_of(text: str) -> list[Attribution]:
    found = source(text)
    return attribution.attribute(extracted(found), [found]).attributions


def by_cue(found: list[Attribution], cue: str) -> Attribution:
    return next(a for a in found if a.cue.text == cue)


HEAD = "Talks stall in Baghdad\n\n"


def test_indirect_speech_with_a_named_speaker_and_a_that_clause():
    found = attributions_of(HEAD + "Prime Minister Mustafa al-Kadhimi said that the talks had failed.\n")
    said = by_cue(found, "said")
    assert said.speaker.text == "Prime Minister Mustafa al-Kadhimi"
    assert "kadhimi" in said.actor and said.speaker_kind == "person"
    assert said.content.text == "the talks had failed"
    assert not said.direct and said.grade == "on_record" and said.claim


def test_direct_speech_after_and_before_the_cue():
    found = attributions_of(HEAD + '"We will not leave," said Hadi al-Amiri, the head of the Badr Organisation.\n'
                                   'He added: "The Americans must go."\n')
    said, added = by_cue(found, "said"), by_cue(found, "added")
    assert said.speaker.text == "Hadi al-Amiri" and said.direct and said.content.text == "We will not leave"
    assert added.speaker.text == "He" and added.content.text == "The Americans must go."
    assert added.actor == said.actor  # "he" points at the person last named (actors.py)


def test_according_to_an_outlet_is_relayed():
    found = attributions_of(HEAD + "According to Reuters, three rockets hit the base on Monday.\n")
    according = by_cue(found, "According to")
    assert according.speaker.text == "Reuters" and according.speaker_kind == "outlet"
    assert according.grade == "relayed"
    assert according.content.text == "three rockets hit the base on Monday"


def test_a_speaker_telling_an_outlet_is_relayed_through_it():
    found = attributions_of(HEAD + "Qais al-Khazali told AFP that the truce was over.\n")
    told = by_cue(found, "told")
    assert told.speaker.text == "Qais al-Khazali"
    assert told.grade == "relayed" and told.via.text == "AFP"


def test_anonymous_sources():
    found = attributions_of(HEAD + "A source close to the movement said the leaders met twice.\n"
                                   "The meeting was secret, officials said.\n")
    first, second = [a for a in found if a.cue.text == "said"]
    assert first.speaker.text == "A source close to the movement"
    assert first.speaker_kind == "anonymous" and first.grade == "anonymous"
    assert second.speaker.text == "officials" and second.grade == "anonymous"
    assert second.content.text == "The meeting was secret"


def test_passive_without_agent_is_unattributed():
    found = attributions_of(HEAD + "The leader is said to have left the country.\n")
    said = by_cue(found, "said")
    assert said.speaker is None and said.grade == "unattributed"


def test_participle_takes_the_subject_of_its_clause():
    found = attributions_of(HEAD + "The ministry postponed the vote, citing security concerns.\n")
    assert by_cue(found, "citing").speaker.text == "The ministry"


def test_hedges_are_kept_with_their_kind():
    found = attributions_of(HEAD + "Officials said the group could have fired the rockets, "
                                   "but the claim could not be verified.\n")
    said = by_cue(found, "said")
    kinds = {(h.text, h.kind) for h in said.hedges}
    assert ("could not be verified", "unconfirmed") in kinds
    assert ("could", "hedge") in kinds


def test_a_month_is_no_hedge():
    found = attributions_of(HEAD + "The minister said the vote would be held in May.\n")
    assert by_cue(found, "said").hedges == []


def test_nouns_and_verbs_told_apart():
    found = attributions_of(HEAD + "The stated aim of the meeting was unity.\n"
                                   "The company has added new software to the phone.\n"
                                   "In his speech, the president praised the army.\n")
    cues = [a.cue.text for a in found]
    assert "stated" not in cues and "added" not in cues
    assert by_cue(found, "speech").speaker.text == "his"
    assert by_cue(found, "praised").speaker.text == "the president"


FORUM = """Guest views are limited. Please sign in or create an account to continue.

Militia news thread

janedoe
 Share

{Politics: Metro Herald} The council approved the budget on Tuesday, officials said.

Link to comment
Share on other sites

I think the mayor said the deal was a fraud and everyone knows it.

Link to comment
Share on other sites
"""


def test_a_forum_comment_is_no_claim_of_the_source():
    found = attributions_of(FORUM)
    reported = next(a for a in found if a.content.text.startswith("The council approved"))
    assert reported.claim and reported.passage == "embedded_report"
    comment = next(a for a in found if a.content.text.startswith("the deal was a fraud"))
    assert comment.passage == "user_comment" and not comment.claim


def test_offsets_are_exact_in_the_text_and_in_the_file():
    text = HEAD + "Mr Sadr said on Sunday that “the factions must unite,” his office added.\n"
    found = attributions_of(text)
    for item in found:
        for span in (item.cue, item.content, item.speaker):
            if span is not None:
                assert text[span.start:span.end] == span.text
    # A file whose text was normalised: offsets go back to the file's own characters.
    shifted = source(text, origin=tuple(i + 1 for i in range(len(text))))
    findings = attribution.attribute(extracted(shifted), [shifted])
    document = findings_document([shifted], findings.actors, findings.mentions, findings.attributions)
    said = next(a for a in document["documents"][0]["attributions"] if a["cue_text"] == "said")
    cue = by_cue(findings.attributions, "said").cue
    assert (said["cue"]["start"], said["cue"]["end"]) == (cue.start + 1, cue.end + 1)
    assert said["actor"] == "sadr"


def test_attributions_sum_with_other_findings():
    assert (Findings() + Findings()).attributions == []


def test_a_source_close_to_someone_after_according_to():
    found = attributions_of(HEAD + "According to two politicians close to the movement, the talks failed.\n")
    according = by_cue(found, "According to")
    assert according.speaker.text == "two politicians close to the movement"
    assert according.content.text == "the talks failed" and according.grade == "anonymous"


def test_a_spokesman_of_a_known_body_is_official_and_an_unnamed_one_anonymous():
    found = attributions_of(HEAD + "The ministry's spokesman said the border was closed.\n"
                                   "A spokesman said the border would reopen.\n")
    first, second = [a for a in found if a.cue.text == "said"]
    assert first.speaker_kind == "role" and first.grade == "official"
    assert second.speaker_kind == "anonymous" and second.grade == "anonymous"


def test_settling_gives_what_reading_the_linked_source_gives():
    """Attributions read with extraction, settled after linking, are those read over the linked
    actors — whatever linking changed: an actor's kind, a mention found across the corpus."""
    found = source(HEAD + "Mr Sadr said the talks failed. Talks resumed, the Sadrist movement said.\n")
    linked = extracted(found)
    sadr = next(a for a in linked.actors if a.name.endswith("Sadr"))
    talks = found.text.index("talks failed")
    changes = {
        "nothing": linked,
        "a kind": linked.model_copy(update={"actors": [a.model_copy(update={"kind": "organisation"}) if a is sadr
                                                      else a for a in linked.actors]}),
        "a mention": linked.model_copy(update={"mentions": linked.mentions + [
            Mention(source=found.key, start=talks, end=talks + 5, text="talks", type="ORG", form="name",
                    actor=sadr.id)]}),
    }
    for change, findings in changes.items():
        mentions = sorted(findings.mentions, key=lambda m: (m.start, m.end))
        read = attribution.find(found, mentions, {a.id: a.kind for a in findings.actors})
        settled = attribution.attribute(findings, [found]).attributions
        assert settled == [replace(a, basis=None) for a in read], change
    assert by_cue(attribution.attribute(changes["a kind"], [found]).attributions, "said").speaker_kind == "organisation"


# The prefilters that spare work must never hide what the full search finds.
ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "seeds" / "case.yaml", *sorted((ROOT.parent / "shared" / "eval" / "meantime-dev").glob("*/case.yaml"))]
TRICKY = ("In the words of the minister, it is over. INSIST! He SAID so; Said al-Sadr says: no. "
          "Could it not be verified? Reportedly, nobody could.")


def _sentence_spans():
    from briefing.build import read_corpus
    for target in CORPORA:
        _, sources, _ = read_corpus(target)
        for found in sources:
            for passage in found.layout.passages:
                for start, end in sentences.split_lines(found.text, passage.start, passage.end):
                    yield found.text, start, end
    yield from ((TRICKY, start, end) for start, end in sentences.split_lines(TRICKY, 0, len(TRICKY)))


def test_no_cue_has_a_letter_lowered_otherwise_in_context():
    """A cue's words are looked for among the sentence's words folded at once (`data.fold`, whose
    test checks every character): lowered in context, a Greek capital sigma may end otherwise than
    lowered alone ("οδοσ'α", not "οδος"), so no cue may have one."""
    assert not any(letter in word for words in attribution._cue_words().values() for need in words
                   for word in need for letter in "σς")


def test_a_sentence_left_untokenised_holds_no_cue():
    for text, start, end in _sentence_spans():
        if not attribution._may_hold_cue(text, start, end):
            for headline in (False, True):
                assert attribution._cues_in(attribution._Sentence(text, start, end, []), headline) == []


def test_hedge_markers_left_untried_match_nothing():
    hedges = attribution._hedges()
    for text, start, end in _sentence_spans():
        folded = data.fold(text)
        tried = set(attribution._hedges_to_try(folded, start, end))
        for number, (pattern, _, _) in enumerate(hedges):
            if number not in tried:
                assert pattern.search(folded, start, end) is None, (pattern.pattern, text[start:end])


def test_hedge_markers_in_the_folded_text_are_those_found_case_aside():
    """The markers are searched without `re.IGNORECASE` in folded text: written in lower case, each
    must match there where, and as far as, it matches in the text with the flag."""
    assert all(row.split("\t")[0] == row.split("\t")[0].lower() and row.isascii() for row in data.rows("hedges.tsv"))
    texts = [text[start:end] for text, start, end in _sentence_spans()]
    texts += ["It Could Not Be Verified.", "REPORTEDLY, İt may be so; ALLEGEDLY not.", "Unconfirmed ſources"]
    for text in texts:
        for pattern, _, _ in attribution._hedges():
            flagged = re.compile(pattern.pattern, re.IGNORECASE)
            assert [m.span() for m in pattern.finditer(data.fold(text))] == [m.span() for m in flagged.finditer(text)]


def test_cues_found_from_the_words_that_start_one_are_those_found_word_by_word():
    """`_cues_in` tries only the words that start a cue, picked in one pass: the cues found trying
    each word in turn, on the seeds, the dev sets and a tricky text, in and out of headlines."""
    def word_by_word(sentence, headline):
        found, index = [], 0
        while index < len(sentence.tokens):
            cue = attribution._match_cue(sentence, index, headline) \
                if sentence.tokens[index].lower in attribution._cues() else None
            if cue is None:
                index += 1
                continue
            found.append(attribution._Found(cue, index, index + len(cue.words)))
            index += len(cue.words)
        return found

    found = 0
    for text, start, end in _sentence_spans():
        sentence = attribution._Sentence(text, start, end, [])
        for headline in (False, True):
            cues = attribution._cues_in(sentence, headline)
            assert cues == word_by_word(sentence, headline)
            found += len(cues)
    assert found > 500


def test_outlet_names_and_web_addresses_found_after_their_opening_are_those_the_plain_patterns_find():
    """`_outlets`' names pattern says first which letters the names open with, and `_WEB_ADDRESS`
    opens with the dot: they must find what the plain patterns find (the names alone; a word
    character, the dot and the domain), on the seeds, the dev sets and random runs of the names."""
    import random

    names = attribution._outlets()[0]
    plain = re.compile(names.pattern[names.pattern.index(")") + 1:])
    assert plain.pattern.startswith(r"\b(?:")
    web = re.compile(r"\w\.(?:com|net|org|co\.uk)\b")
    listed = [row.split("\t")[0] for row in data.rows("outlets.tsv") if row.split("\t")[1] == "name"]
    chooser = random.Random(23)
    pieces = [*listed, *(name.lower() for name in listed), "x", ".com", ".co.uk", "a.org", " ", "-", "_", "3", "é"]
    texts = [text[start:end] for text, start, end in _sentence_spans()]
    texts += ["".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 8))) for _ in range(3000)]
    found = 0
    for text in texts:
        match = names.search(text)
        assert (match and match.span()) == ((expected := plain.search(text)) and expected.span()), text
        assert bool(attribution._WEB_ADDRESS.search(text)) == bool(web.search(text)), text
        found += bool(match)
    assert found > 300
