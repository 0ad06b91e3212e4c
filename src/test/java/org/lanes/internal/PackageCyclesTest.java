package org.lanes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lanes.SourceDependencies;

/**
 * The implementation's packages depend on each other in one direction only: platform, threads, then config,
 * gemm, kernel, the scalar and vector kernels, and this package, which chooses among them (CONTRIBUTING.md).
 */
class PackageCyclesTest {
    @Test
    void theInternalPackagesFormNoCycle() {
        SourceDependencies deps = SourceDependencies.ofMainSources();
        assertTrue(deps.packages().contains("org.lanes.internal.gemm"), "the main sources were read");
        assertTrue(deps.usesOf("org.lanes.internal.gemm").containsKey("org.lanes.internal.config"),
                "gemm's use of config was found");
        List<String> cycles = deps.cyclesAmong("org.lanes.internal");
        assertEquals(List.of(), cycles, "cycles among the internal packages");
    }

    @Test
    void aCycleThroughImportsOrQualifiedNamesIsFoundAndCommentsAndStringsAreNot() {
        SourceDependencies deps = new SourceDependencies();
        deps.read("a/A.java", "package org.lanes.t.a;\nimport org.lanes.t.b.B; // org.lanes.t.d.D\nclass A { B b; }");
        deps.read("b/B.java", "package org.lanes.t.b;\n/* org.lanes.t.d.D */ class B {\n"
                + "  String s = \"org.lanes.t.d.D\"; org.lanes.t.c.C c; }");
        deps.read("c/C.java", "package org.lanes.t.c;\nimport static org.lanes.t.a.A.f;\nclass C { }");
        deps.read("d/D.java", "package org.lanes.t.d;\nclass D { }");
        assertEquals(List.of(), deps.cyclesAmong("org.lanes.t.b.") , "no package starts with the prefix");
        List<String> cycles = deps.cyclesAmong("org.lanes.t");
        assertEquals(1, cycles.size(), cycles::toString);
        assertEquals("org.lanes.t.a -> org.lanes.t.b ([a/A.java])\n"
                + "org.lanes.t.b -> org.lanes.t.c ([b/B.java])\n"
                + "org.lanes.t.c -> org.lanes.t.a ([c/C.java])\n", cycles.get(0));
        assertEquals(List.of(), deps.cyclesAmong("org.lanes.t.d"));
    }
}
