package dev.seq4j.data.synthetic;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticPairsTest {
    @Test
    void targetsAreRightAndSourcesDistinct() {
        for (String kind : SyntheticPairs.KINDS) {
            List<SyntheticPairs.Example> examples = SyntheticPairs.generate(kind, 300, 4);
            assertEquals(300, new HashSet<>(examples.stream().map(SyntheticPairs.Example::source).toList()).size(), kind);
            for (SyntheticPairs.Example e : examples) {
                switch (kind) {
                    case "addition" -> {
                        String[] ab = e.source().split("\\+");
                        assertEquals(Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]), Integer.parseInt(e.target()));
                    }
                    case "reverse" -> assertEquals(new StringBuilder(e.source()).reverse().toString(), e.target());
                    default -> {
                        LocalDate d = LocalDate.parse(e.target());
                        assertTrue(d.getYear() >= 1950 && d.getYear() < 2050, e.target());
                        assertTrue(e.source().contains(Integer.toString(d.getYear() % 100)), e.source());
                    }
                }
            }
        }
        assertEquals(SyntheticPairs.generate("dates", 50, 9), SyntheticPairs.generate("dates", 50, 9));
    }

    @Test
    void anUnknownKindIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticPairs.generate("sums", 5, 1));
        assertEquals("unknown kind sums, expected one of [dates, addition, reverse]", e.getMessage());
    }
}
