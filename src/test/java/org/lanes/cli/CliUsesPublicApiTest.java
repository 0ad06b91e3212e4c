package org.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lanes.SourceDependencies;

/**
 * The command line is a client of the library like any other: it uses the exported packages ({@code org.lanes},
 * with {@code Tuning}, and {@code org.lanes.nn}), never {@code org.lanes.internal}.
 */
class CliUsesPublicApiTest {
    @Test
    void theCommandLineUsesOnlyTheExportedPackages() {
        Map<String, Set<String>> uses = SourceDependencies.ofMainSources().usesOf("org.lanes.cli");
        assertFalse(uses.isEmpty(), "the command line's sources were read");
        Map<String, Set<String>> other = new TreeMap<>(uses);
        other.keySet().removeAll(Set.of("org.lanes", "org.lanes.nn"));
        assertEquals(Map.of(), other, "packages the command line uses besides org.lanes and org.lanes.nn");
    }
}
