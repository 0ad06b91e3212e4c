package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule for {@link Exact}'s casts, checked on the vector kernels' sources: a vector variable is cast where it is
 * created, where it replaces itself ({@code v = ((FloatVector) Exact.VECTOR.cast(v)).add(...)}), or where it is used
 * for the last time; never in between. A vector cast for a store and then used again by another vector operation
 * reached that operation as the cast's node, which C2 could not always unbox: in a plain JVM that ran the MLP step
 * first, the fused-B-packing kernel stayed on the Vector API's allocating fallback for the whole run
 * (docs/decisions/plain-jvm-compilation.md). {@code PlainJvmAllocationTest} checks the behaviour; this test
 * checks the rule, which is cheaper and names the line.
 */
class ExactCastRuleTest {
    private static final Path SOURCES = Path.of("src/main/java/org/lanes/internal/vector");
    private static final Pattern CAST = Pattern.compile("Exact\\.(VECTOR|INTS)\\.cast\\((\\w+)\\)\\)");

    @Test
    void noVectorIsUsedAgainAfterACast() throws IOException {
        List<String> broken = new ArrayList<>();
        int casts = 0;
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = CAST.matcher(source);
                while (m.find()) {
                    casts++;
                    String violation = usedAgain(source, m);
                    if (violation != null) {
                        broken.add(file.getFileName() + ":" + line(source, m.start()) + " " + violation);
                    }
                }
            }
        }
        assertTrue(casts > 100, "the kernels' casts were not found (" + casts + "): is the source path right?");
        assertTrue(broken.isEmpty(), "vectors used again after a cast: " + broken);
    }

    @Test
    void theCheckFindsAReusedVector() {
        String reused = "    void k() {\n        FloatVector b0 = FloatVector.fromArray(S, b, i);\n"
                + "        ((FloatVector) Exact.VECTOR.cast(b0)).intoArray(bp, di);\n"
                + "        c00 = x.fma(b0, c00);\n    }\n";
        String replaced = "    void k() {\n        acc = ((FloatVector) Exact.VECTOR.cast(acc)).add(v);\n"
                + "        ((FloatVector) Exact.VECTOR.cast(acc)).intoArray(y, 0);\n    }\n";
        assertEquals("b0", reusedName(reused));
        assertEquals(null, reusedName(replaced));
    }

    private static String reusedName(String source) {
        Matcher m = CAST.matcher(source);
        while (m.find()) {
            if (usedAgain(source, m) != null) {
                return m.group(2);
            }
        }
        return null;
    }

    /**
     * Null when the cast variable is not read again before it is assigned anew, within its method (the text up to
     * the next line that closes a member); otherwise a description. A statement that assigns the variable from its
     * own cast is fine.
     */
    private static String usedAgain(String source, Matcher cast) {
        String name = cast.group(2);
        int statementEnd = source.indexOf(';', cast.end());
        int statementStart = statementStart(source, cast.start());
        String statement = source.substring(statementStart, statementEnd);
        if (Pattern.compile("^\\s*" + name + "\\s*=[^=]").matcher(statement).find()) {
            return null;
        }
        int methodEnd = source.indexOf("\n    }\n", statementEnd);
        String rest = source.substring(statementEnd, methodEnd < 0 ? source.length() : methodEnd);
        Matcher read = Pattern.compile("\\b" + name + "\\b(?!\\s*=[^=])").matcher(rest);
        Matcher assigned = Pattern.compile("\\b" + name + "\\s*=[^=]").matcher(rest);
        if (read.find() && (!assigned.find() || read.start() < assigned.start())) {
            return name + " is cast, then read again";
        }
        return null;
    }

    /** Where the statement holding {@code at} begins: after the previous ';', '{' or '}' and any comment lines. */
    private static int statementStart(String source, int at) {
        int start = Math.max(source.lastIndexOf(';', at), Math.max(source.lastIndexOf('{', at),
                source.lastIndexOf('}', at))) + 1;
        String[] lines = source.substring(start, at).split("\n", -1);
        int skip = 0;
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].isBlank() || lines[i].trim().startsWith("//")) {
                skip += lines[i].length() + 1;
            } else {
                break;
            }
        }
        return start + skip;
    }

    private static int line(String source, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
