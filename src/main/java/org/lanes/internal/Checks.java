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

    /**
     * Throws when two matrices in the same array share an element: {@code out} (rows x cols from outOffset, ld
     * outLd) and {@code in}. With {@code exactAllowed}, the very same region (same offset and leading dimension)
     * passes: the documented in-place form. Different arrays, or the same array over disjoint ranges (column blocks
     * of one matrix included), pass. O(rows) only when the arrays are the same object and the spans meet.
     */
    public static void noOverlap(String outName, float[] out, int outOffset, int outLd, int outRows, int outCols,
                                 String inName, float[] in, int inOffset, int inLd, int inRows, int inCols,
                                 boolean exactAllowed) {
        if (out != in || outRows == 0 || outCols == 0 || inRows == 0 || inCols == 0) {
            return;
        }
        if (exactAllowed && outOffset == inOffset && outLd == inLd && outRows == inRows && outCols == inCols) {
            return;
        }
        if (overlap(outOffset, outLd, outRows, outCols, inOffset, inLd, inRows, inCols)) {
            throw new IllegalArgumentException(outName + " overlaps " + inName + " in the same array (" + outName
                    + " from offset " + outOffset + ", " + inName + " from offset " + inOffset + ")"
                    + (exactAllowed ? "; only the exact same region is allowed in place" : ""));
        }
    }

    static boolean overlap(long offA, long ldA, int rowsA, int colsA, long offB, long ldB, int rowsB, int colsB) {
        long endA = offA + (rowsA - 1) * ldA + colsA;
        long endB = offB + (rowsB - 1) * ldB + colsB;
        if (endA <= offB || endB <= offA) {
            return false;
        }
        for (int i = 0; i < rowsA; i++) {
            long start = offA + i * ldA;
            long end = start + colsA;
            // The first row of B that ends after this row of A starts; rows of B start in increasing order.
            long j = Math.max(0, Math.floorDiv(start - offB - colsB, ldB) + 1);
            if (j < rowsB && offB + j * ldB < end) {
                return true;
            }
        }
        return false;
    }
}
