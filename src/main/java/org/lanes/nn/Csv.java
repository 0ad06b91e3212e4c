package org.lanes.nn;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with one example per line: the integer label, then the features. Features are multiplied
 * by {@code scale} (1/255 for pixel values). Blank lines are skipped; a first line that does not start with a
 * number is taken as a header.
 */
public final class Csv {
    private Csv() {
    }

    public static Dataset read(Path file, int classes, float scale) throws IOException {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be > 0, got " + classes);
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int dim = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                line = line.trim();
                if (line.isEmpty() || (lineNo == 1 && !Character.isDigit(line.charAt(0)) && line.charAt(0) != '-')) {
                    continue;
                }
                String[] parts = line.split(",", -1);
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
                float[] f = new float[dim];
                try {
                    label = Integer.parseInt(parts[0].trim());
                    for (int j = 0; j < dim; j++) {
                        f[j] = Float.parseFloat(parts[j + 1].trim()) * scale;
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + lineNo + ": not a number (" + e.getMessage() + ")", e);
                }
                if (label < 0 || label >= classes) {
                    throw new IOException(file + ": line " + lineNo + ": label " + label + " is outside [0, " + classes + ")");
                }
                rows.add(f);
                labels.add(label);
            }
        }
        if (dim < 0) {
            throw new IOException(file + ": no examples");
        }
        float[] features = new float[rows.size() * dim];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * dim, dim);
            y[i] = labels.get(i);
        }
        return new Dataset(features, y, rows.size(), dim, classes);
    }
}
