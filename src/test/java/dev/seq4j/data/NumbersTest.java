package dev.seq4j.data;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest {
    @Test
    void plainDecimalsWithinFloat32sRangeAreValues() {
        assertEquals(12.0, Numbers.parse(" 12 ", "x"));
        assertEquals(-0.5, Numbers.parse("-0.5", "x"));
        assertEquals(0.5, Numbers.parse(".5", "x"));
        assertEquals(5.0, Numbers.parse("+5.", "x"));
        assertEquals(1e-3, Numbers.parse("1E-3", "x"));
        assertEquals(3.4e38, Numbers.parse("3.4e38", "x"));
        assertEquals(0.0, Numbers.parse("1e-400", "x"), "underflows to zero, as float32 would");
        assertNull(Numbers.problem(String.valueOf(Float.MAX_VALUE)));
    }

    @Test
    void everythingElseIsNamedWithWhyItIsNoValue() {
        // 1e308 is a finite double but infinity as the float32 the networks compute in (issue 23, case 10)
        assertEquals("f line 12, column 'v': '1e308' is out of range: the networks compute in 32-bit floats, whose "
                + "magnitude is at most 3.4e38", assertThrows(UserException.class, () -> Numbers.parse("1e308",
                "f line 12, column 'v'")).getMessage());
        assertEquals("is out of range: the networks compute in 32-bit floats, whose magnitude is at most 3.4e38",
                Numbers.problem("3.5e38"));
        assertEquals(Numbers.problem("3.5e38"), Numbers.problem("-1e400"));
        assertEquals("is not a finite number", Numbers.problem("Infinity"));
        assertEquals("is not a finite number", Numbers.problem("-Infinity"));
        assertEquals("is not a finite number", Numbers.problem("NaN"));
        String plain = "is not a plain decimal number (no hexadecimal, no f or d suffix)";
        assertEquals(plain, Numbers.problem("0x1p3"));
        assertEquals(plain, Numbers.problem("1.5f"));
        assertEquals(plain, Numbers.problem("2d"));
        assertEquals("is not a number", Numbers.problem("inf"));
        assertEquals("is not a number", Numbers.problem("1,5"));
        assertEquals("is not a number", Numbers.problem("high"));
        assertEquals("is not a number", Numbers.problem(""));
    }
}
