package org.lanes.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.lanes.internal.platform.Machine;

/**
 * What a wisdom file must have been measured on to apply: the CPU (vendor, family, model), the vector width the
 * JVM uses, the cache geometry and the JDK's feature version. A measurement on any other CPU, width, cache
 * geometry or JDK (whose JIT compiles the kernels differently) says little about this one.
 */
public final class CpuSignature {
    public final String cpu;
    public final int vectorBits;
    public final String caches;
    public final int jdk;

    public CpuSignature(String cpu, int vectorBits, String caches, int jdk) {
        if (cpu == null || cpu.isBlank() || caches == null || vectorBits < 1 || jdk < 1) {
            throw new IllegalArgumentException("incomplete CPU signature: cpu '" + cpu + "', " + vectorBits
                    + "-bit vectors, caches '" + caches + "', JDK " + jdk);
        }
        this.cpu = cpu.trim();
        this.vectorBits = vectorBits;
        this.caches = caches.trim();
        this.jdk = jdk;
    }

    /** This machine with a JVM that uses {@code vectorBits}-bit vectors, on the running JDK. */
    public static CpuSignature of(Machine m, int vectorBits) {
        return of(m, vectorBits, Runtime.version().feature());
    }

    public static CpuSignature of(Machine m, int vectorBits, int jdk) {
        return new CpuSignature(m.vendor + " family " + m.family + " model " + m.model, vectorBits,
                m.caches.stream().map(c -> c.geometry()).collect(Collectors.joining(", ")), jdk);
    }

    /**
     * The file name of this signature's wisdom, readable and unique: vendor, family, model, vector width and JDK,
     * and a checksum of the cache geometry, for example {@code AuthenticAMD-26-2-512bit-jdk17-1a2b3c4d.properties}.
     */
    public String fileName() {
        String[] words = cpu.split(" ");
        String id = words.length == 5 ? words[0] + "-" + words[2] + "-" + words[4] : cpu;
        CRC32 crc = new CRC32();
        crc.update(caches.getBytes(StandardCharsets.UTF_8));
        String safe = id.replaceAll("[^A-Za-z0-9.-]", "_");
        return String.format(Locale.ROOT, "%s-%dbit-jdk%d-%08x.properties", safe, vectorBits, jdk, crc.getValue());
    }

    /** Null when {@code here} is this signature; otherwise why a measurement made on this one does not apply. */
    public String mismatch(CpuSignature here) {
        if (!cpu.equals(here.cpu)) {
            return "measured on " + cpu + ", this is " + here.cpu;
        }
        if (vectorBits != here.vectorBits) {
            return "measured with " + vectorBits + "-bit vectors, this JVM uses " + here.vectorBits;
        }
        if (!caches.equals(here.caches)) {
            return "measured with caches " + caches + ", these are " + here.caches;
        }
        if (jdk != here.jdk) {
            return "measured on JDK " + jdk + ", this is JDK " + here.jdk;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSignature && mismatch((CpuSignature) o) == null;
    }

    @Override
    public int hashCode() {
        return cpu.hashCode() * 31 + caches.hashCode() + vectorBits * 7 + jdk;
    }

    @Override
    public String toString() {
        return cpu + ", " + vectorBits + "-bit vectors, " + caches + ", JDK " + jdk;
    }
}
