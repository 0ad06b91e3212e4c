package org.lanes.internal;

/** Argument checks shared by the public API; each failure names the argument. Sizes are computed in long. */
public final class Checks {
    private Checks() {
    }

    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    public static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    public static void finite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /**
     * Checks a row-major {@code rows x cols} matrix stored in {@code array} from {@code offset} with leading
     * dimension {@code ld}: ld >= max(1, cols), offset >= 0 and the last element inside the array.
     */
    public static void matrix(String name, float[] array, int offset, int ld, int rows, int cols) {
        // Messages are built only on failure: these checks run on every kernel call and must not allocate.
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + "Offset must be >= 0, got " + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName(name) + " must be >= max(1, " + cols + ") for a " + rows + "x"
                    + cols + " " + name + ", got " + ld);
        }
        if (rows > 0 && cols > 0) {
            long needed = (long) offset + (long) (rows - 1) * ld + cols;
            if (needed > array.length) {
                throw new IllegalArgumentException(name + " is too short for a " + rows + "x" + cols + " matrix at offset "
                        + offset + " with " + ldName(name) + "=" + ld + ": needs " + needed + " elements, has " + array.length);
            }
        }
    }

    private static String ldName(String name) {
        return "ld" + name.toLowerCase(java.util.Locale.ROOT);
    }

    /** Checks a vector of {@code length} elements in {@code array} from {@code offset}. */
    public static void vector(String name, float[] array, int offset, int length) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + "Offset must be >= 0, got " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length of " + name + " must be >= 0, got " + length);
        }
        if ((long) offset + length > array.length) {
            throw new IllegalArgumentException(name + " is too short: needs " + ((long) offset + length)
                    + " elements from offset " + offset + ", has " + array.length);
        }
    }
}
