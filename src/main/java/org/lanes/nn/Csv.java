package org.lanes.nn;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a CSV file (UTF-8, an optional byte-order mark) with one example per line: the integer label, then the
 * features, which are multiplied by {@code scale} (1/255 for pixel values). Blank lines are skipped. Cells may
 * be quoted ({@code "3"}) and signed ({@code +1}, {@code .5}).
 *
 * <p>The header rule ({@link Header}): with {@code AUTO}, the first non-blank line is a header when any of its
 * cells is not a number, and data otherwise (a numeric header such as {@code 0,1,2,3} therefore needs
 * {@code YES}); the reader logs that it skipped it. No other line is ever skipped: a line that does not parse is
 * an error naming the file and the line.
 *
 * <p>Rejected with an {@link IOException} naming the file and line: a label that is not an integer in
 * {@code [0, classes)}, a cell that is not a number, a NaN or infinite cell (including values such as
 * {@code 1e39} that overflow a float), a line with another number of features than the first, a file with no
 * examples, text that is not UTF-8. With a {@code pixelMax}, feature values outside {@code [0, pixelMax]} are
 * counted and reported in one warning (they are kept).
 */
public final class Csv {
    /** Whether the first non-blank line is a header. */
    public enum Header {
        /** A header when any cell of the first line is not a number. */
        AUTO,
        /** Always a header. */
        YES,
        /** Never a header: the first line is data. */
        NO
    }

    private static final System.Logger LOG = System.getLogger("org.lanes");

    private Csv() {
    }

    /**
     * {@link #read(Path, int, float, Header, float)} with the {@code AUTO} header rule and no range check.
     *
     * @param file the CSV file
     * @param classes the number of classes, at least 1; labels must lie in {@code [0, classes)}
     * @param scale the factor of every feature value (1/255 for pixel values)
     * @return the examples
     * @throws IOException naming the file and the line, when the file cannot be read or a line is rejected (see the
     *     class comment)
     * @throws IllegalArgumentException when {@code classes} is less than 1
     */
    public static Dataset read(Path file, int classes, float scale) throws IOException {
        return read(file, classes, scale, Header.AUTO, Float.NaN);
    }

    /**
     * Reads {@code file}; {@code pixelMax} (NaN for none) is the range raw feature values are expected in,
     * {@code [0, pixelMax]}.
     *
     * @param file the CSV file
     * @param classes the number of classes, at least 1; labels must lie in {@code [0, classes)}
     * @param scale the factor of every feature value (1/255 for pixel values)
     * @param header whether the first non-blank line is a header
     * @param pixelMax the largest raw feature value expected, or NaN for no check; values outside
     *     {@code [0, pixelMax]} are kept and reported in one warning
     * @return the examples
     * @throws IOException naming the file and the line, when the file cannot be read or a line is rejected (see the
     *     class comment)
     * @throws IllegalArgumentException when {@code classes} is less than 1 or {@code header} is null
     */
    public static Dataset read(Path file, int classes, float scale, Header header, float pixelMax) throws IOException {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be > 0, got " + classes);
        }
        if (header == null) {
            throw new IllegalArgumentException("header must not be null");
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int dim = -1;
        long outOfRange = 0;
        int firstOutOfRange = 0;
        int lineNo = 0;
        boolean first = true;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                for (int j = 0; j < parts.length; j++) {
                    parts[j] = unquote(parts[j].trim());
                }
                if (first) {
                    first = false;
                    if (header == Header.YES || (header == Header.AUTO && !allNumbers(parts))) {
                        LOG.log(System.Logger.Level.INFO, file + ": line " + lineNo + " taken as a header and skipped");
                        continue;
                    }
                }
                if (dim < 0) {
                    dim = parts.length - 1;
                    if (dim <= 0) {
                        throw new IOException(file + ": line " + lineNo + " has no features");
                    }
                } else if (parts.length - 1 != dim) {
                    throw new IOException(file + ": line " + lineNo + " has " + (parts.length - 1)
                            + " features, expected " + dim);
                }
                int label;
                try {
                    label = Integer.parseInt(parts[0]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + lineNo + ": the label '" + parts[0] + "' is not an integer", e);
                }
                if (label < 0 || label >= classes) {
                    throw new IOException(file + ": line " + lineNo + ": label " + label + " is outside [0, " + classes + ")");
                }
                float[] f = new float[dim];
                for (int j = 0; j < dim; j++) {
                    float v;
                    try {
                        v = Float.parseFloat(parts[j + 1]);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ": line " + lineNo + ", column " + (j + 2) + ": '" + parts[j + 1]
                                + "' is not a number", e);
                    }
                    if (!Float.isFinite(v)) {
                        throw new IOException(file + ": line " + lineNo + ", column " + (j + 2) + ": '" + parts[j + 1]
                                + "' is not a finite float");
                    }
                    if (pixelMax == pixelMax && (v < 0f || v > pixelMax)) {
                        if (outOfRange++ == 0) {
                            firstOutOfRange = lineNo;
                        }
                    }
                    f[j] = v * scale;
                }
                rows.add(f);
                labels.add(label);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": line " + (lineNo + 1) + " is not UTF-8 text", e);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": holds no examples");
        }
        if (outOfRange > 0) {
            LOG.log(System.Logger.Level.WARNING, file + ": " + outOfRange + " feature values lie outside [0, "
                    + String.format(Locale.ROOT, "%g", pixelMax) + "] (the first on line " + firstOutOfRange
                    + "); check --pixel-max");
        }
        float[] features = new float[rows.size() * dim];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * dim, dim);
            y[i] = labels.get(i);
        }
        return new Dataset(features, y, rows.size(), dim, classes);
    }

    private static String unquote(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"') {
            return cell.substring(1, cell.length() - 1).trim();
        }
        return cell;
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) {
            try {
                Float.parseFloat(c);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
