package org.lanes.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lanes.nn.Csv;
import org.lanes.nn.Dataset;
import org.lanes.nn.Mnist;

/**
 * What {@code --data} names: a folder with the four MNIST IDX files (gzipped or not), or one CSV file (label,
 * then the features). For training, MNIST gives its own train and test sets; a CSV file is split, its last
 * {@code holdout} share of rows becoming the test set. For evaluation and prediction, MNIST gives its test set
 * and a CSV file is used whole.
 */
final class DataSource {
    /** Training and test examples and where they came from. */
    record Split(Dataset train, Dataset test, String description) {
    }

    private final Path path;
    private final int classes;
    private final float pixelMax;
    private final Csv.Header header;

    DataSource(Path path, int classes, float pixelMax, Csv.Header header) {
        this.path = path;
        this.classes = classes;
        this.pixelMax = pixelMax;
        this.header = header;
    }

    Split trainAndTest(double holdout) throws IOException {
        if (isMnistFolder()) {
            return new Split(Mnist.train(path), Mnist.test(path), "MNIST from " + path);
        }
        Dataset all = csv();
        int test = (int) Math.round(all.size() * holdout);
        if (test < 1 || test >= all.size()) {
            throw new IllegalArgumentException(path + ": " + all.size() + " rows are too few to hold out "
                    + holdout + " of them as a test set");
        }
        int train = all.size() - test;
        return new Split(rows(all, 0, train), rows(all, train, test),
                "CSV " + path + " (" + train + " rows for training, the last " + test + " for testing)");
    }

    Dataset evaluationSet() throws IOException {
        return isMnistFolder() ? Mnist.test(path) : csv();
    }

    private boolean isMnistFolder() throws IOException {
        if (Files.isDirectory(path)) {
            if (!Mnist.present(path)) {
                throw new IOException(path + ": the folder lacks the MNIST files train-images-idx3-ubyte, "
                        + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may end in .gz)");
            }
            return true;
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        return false;
    }

    private Dataset csv() throws IOException {
        return Csv.read(path, classes, 1f / pixelMax, header, pixelMax);
    }

    private static Dataset rows(Dataset d, int from, int count) {
        float[] x = new float[count * d.dimension()];
        System.arraycopy(d.features(), from * d.dimension(), x, 0, x.length);
        int[] y = new int[count];
        System.arraycopy(d.labels(), from, y, 0, count);
        return new Dataset(x, y, count, d.dimension(), d.classes());
    }
}
