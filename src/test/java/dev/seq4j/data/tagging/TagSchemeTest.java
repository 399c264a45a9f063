package dev.seq4j.data.tagging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Span reading with conlleval's rules, scheme detection and validation, and conversion through spans. */
class TagSchemeTest {
    static List<String> tags(String s) {
        return List.of(s.split(" "));
    }

    static TagScheme.Span span(int start, int end, String type) {
        return new TagScheme.Span(start, end, type);
    }

    @Test
    void bioSpans() {
        assertEquals(List.of(span(0, 2, "PER"), span(3, 4, "LOC")), TagScheme.spans(tags("B-PER I-PER O B-LOC")));
        // adjacent spans of one type are two spans
        assertEquals(List.of(span(0, 1, "PER"), span(1, 3, "PER")), TagScheme.spans(tags("B-PER B-PER I-PER")));
    }

    @Test
    void insideWithoutBeginStartsASpanAsConllevalDoes() {
        assertEquals(List.of(span(1, 3, "ORG")), TagScheme.spans(tags("O I-ORG I-ORG O")));
        // a change of type ends one span and starts the next
        assertEquals(List.of(span(0, 1, "LOC"), span(1, 2, "ORG")), TagScheme.spans(tags("B-LOC I-ORG")));
        assertEquals(List.of(span(0, 2, "PER"), span(2, 3, "LOC")), TagScheme.spans(tags("I-PER I-PER I-LOC")));
    }

    @Test
    void bioesSpans() {
        assertEquals(List.of(span(0, 1, "PER"), span(1, 2, "PER"), span(2, 5, "LOC")),
                TagScheme.spans(tags("S-PER S-PER B-LOC I-LOC E-LOC")));
        // after E-, a B-, I-, E- or S- begins a new span
        assertEquals(List.of(span(0, 2, "X"), span(2, 3, "X"), span(3, 4, "X")),
                TagScheme.spans(tags("B-X E-X I-X S-X")));
    }

    @Test
    void plainTagsMarkNoSpans() {
        assertEquals(List.of(), TagScheme.spans(tags("NOUN VERB DET")));
        assertEquals(List.of(), TagScheme.spans(tags("O O")));
    }

    @Test
    void detectsTheScheme() {
        assertEquals(TagScheme.BIO, TagScheme.detect(tags("O B-PER I-PER")));
        assertEquals(TagScheme.IO, TagScheme.detect(tags("O I-PER")));
        assertEquals(TagScheme.BIOES, TagScheme.detect(tags("B-PER E-PER S-LOC O")));
        assertEquals(TagScheme.NONE, TagScheme.detect(tags("NOUN VERB .")));
        assertEquals(TagScheme.NONE, TagScheme.detect(tags("O B-PER NOUN")));
    }

    @Test
    void validatesPrefixesAgainstTheScheme() {
        assertNull(TagScheme.BIO.problem("B-PER"));
        assertNull(TagScheme.BIO.problem("O"));
        assertNotNull(TagScheme.BIO.problem("E-PER"));
        assertNotNull(TagScheme.BIO.problem("B-"));
        assertNotNull(TagScheme.IO.problem("B-PER"));
        assertNotNull(TagScheme.BIOES.problem("PER"));
        assertNull(TagScheme.NONE.problem("anything"));
    }

    @Test
    void convertsThroughSpans() {
        List<String> bio = tags("B-PER I-PER O B-LOC B-LOC I-LOC I-LOC");
        List<String> bioes = TagScheme.BIOES.convert(bio);
        assertEquals(tags("B-PER E-PER O S-LOC B-LOC I-LOC E-LOC"), bioes);
        assertEquals(bio, TagScheme.BIO.convert(bioes));
        // IO cannot keep adjacent spans of one type apart: they merge
        assertEquals(tags("I-PER I-PER O I-LOC I-LOC I-LOC I-LOC"), TagScheme.IO.convert(bio));
        assertEquals(tags("B-PER I-PER O B-LOC I-LOC I-LOC I-LOC"), TagScheme.BIO.convert(TagScheme.IO.convert(bio)));
        // an I- without a B- becomes a proper begin
        assertEquals(tags("O B-ORG I-ORG"), TagScheme.BIO.convert(tags("O I-ORG I-ORG")));
    }
}
