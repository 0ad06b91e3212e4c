package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The checked-in split-depth kernels are exactly what the generator writes: regenerating changes nothing. */
class SplitDepthKernelGeneratorTest {
    @Test
    void checkedInKernelsMatchTheGenerator() throws IOException {
        String onDisk = Files.readString(SplitDepthKernelGenerator.FILE, StandardCharsets.UTF_8);
        assertEquals(SplitDepthKernelGenerator.source(), onDisk,
                "SplitDepthKernel.java differs from SplitDepthKernelGenerator's output: run the generator (see its"
                        + " Javadoc)");
    }
}
