package dev.seq4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error lines: one line, printable, a library's quoted message short and without Jackson's excerpt of the input. */
class UserExceptionTest {
    @Test
    void foldsLinesAndReplacesControlCharactersAndBidirectionalOverrides() {
        assertEquals("first second third", UserException.oneLine("first\n  second\r\n\n third\u2028"));
        assertEquals("a b ?[31mred?[0m c? ?x?", UserException.oneLine("a\tb \u001b[31mred\u009b[0m c\u0007 \u202ex\u2066"));
        assertEquals("", UserException.oneLine((String) null));
    }

    @Test
    void cutsAQuotedMessageToThreeHundredCharactersAndAWholeLineToAThousand() {
        String quoted = UserException.quote("x".repeat(5000));
        assertEquals(UserException.MAX_QUOTED, quoted.length());
        assertTrue(quoted.endsWith("x..."), quoted);
        assertEquals(UserException.MAX_LINE, UserException.oneLine("y".repeat(5000)).length());
        // never half a surrogate pair: 296 'a' then an emoji whose high surrogate would be the 297th character
        String cut = UserException.quote("a".repeat(296) + "\uD83D\uDE00".repeat(10));
        assertEquals("a".repeat(296) + "...", cut);
    }

    @Test
    void quotesJacksonsOwnMessageWithItsLocationButNotItsExcerptOfTheInput() {
        // Jackson quotes a bad token with the control characters Java counts as identifier parts (ESC among them)
        String json = "{\"a\": [" + "1, ".repeat(400) + "nope\u001b[31m]}";
        Exception e = assertThrows(Exception.class, () -> new ObjectMapper().readTree(json));
        assertTrue(e.getMessage().contains("[Source:"), "Jackson appends an excerpt: " + e.getMessage());
        assertTrue(e.getMessage().contains("\u001b"), e.getMessage());
        assertEquals("Unrecognized token 'nope?': was expecting (JSON String, Number, Array, Object or token 'null', "
                + "'true' or 'false') at line 1, column 1213", UserException.oneLine(e));
    }

    @Test
    void quotesTheShadedJacksonOfDl4jTheSameWay() {
        Exception e = assertThrows(Exception.class, () -> new org.nd4j.shade.jackson.databind.ObjectMapper()
                .readTree("{\"optimizationAlgo\": nope}"));
        assertTrue(e.getMessage().contains("[Source:"), e.getMessage());
        assertEquals("Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', "
                + "'true' or 'false') at line 1, column 26", UserException.oneLine(e));
    }

    @Test
    void givesTheClassNameOfAnExceptionWithoutAMessage() {
        assertEquals("IllegalStateException", UserException.oneLine(new IllegalStateException()));
    }
}
