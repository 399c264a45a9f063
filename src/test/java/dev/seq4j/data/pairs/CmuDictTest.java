package dev.seq4j.data.pairs;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmuDictTest {
    @TempDir
    Path dir;

    @Test
    void firstPronunciationsOfPlainWordsWithoutStress() throws Exception {
        Path f = Files.writeString(dir.resolve("dict.txt"), """
                ;;; a comment
                A  AH0
                A(1)  EY1
                A.  EY1
                ABANDON  AH0 B AE1 N D AH0 N
                ABANDON(1)  AH0 B AE1 N D IH0 N
                'BOUT  B AW1 T
                A42128  EY1 F AO1 R
                """);
        Map<String, String> words = CmuDict.read(f);
        assertEquals(Map.of("a", "AH", "abandon", "AH B AE N D AH N", "'bout", "B AW T"), words);
        assertEquals("[a, abandon, 'bout]", words.keySet().toString()); // the dictionary's order
    }

    @Test
    void aMalformedEntryNamesItsLine() throws Exception {
        Path f = Files.writeString(dir.resolve("dict.txt"), "A  AH0\nB  bee\n");
        UserException e = assertThrows(UserException.class, () -> CmuDict.read(f));
        assertTrue(e.getMessage().endsWith("line 2: 'bee' is not an ARPAbet phone"), e.getMessage());
    }
}
