package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The checked-in kernels are exactly what the generator writes: regenerating changes nothing. */
class MicroKernelGeneratorTest {
    @Test
    void checkedInKernelsMatchTheGenerator() throws IOException {
        for (int mr : MicroKernelGenerator.HEIGHTS) {
            String name = MicroKernelGenerator.className(mr) + ".java";
            String onDisk = Files.readString(MicroKernelGenerator.DIR.resolve(name), StandardCharsets.UTF_8);
            assertEquals(MicroKernelGenerator.source(mr), onDisk,
                    name + " differs from MicroKernelGenerator's output: run the generator (see its Javadoc)");
        }
        String wide = MicroKernelGenerator.wideClassName() + ".java";
        assertEquals(MicroKernelGenerator.wideSource(),
                Files.readString(MicroKernelGenerator.DIR.resolve(wide), StandardCharsets.UTF_8),
                wide + " differs from MicroKernelGenerator's output: run the generator (see its Javadoc)");
    }
}
