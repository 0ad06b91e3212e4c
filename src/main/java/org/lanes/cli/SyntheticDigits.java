package org.lanes.cli;

import java.util.SplittableRandom;
import org.lanes.nn.Dataset;

/**
 * The demo's embedded dataset, so that it needs no download: ten classes of 28x28 "digits", each a fixed set
 * of three strokes, shifted by up to 2 pixels, with 20 % of the ink dropped, random intensity and 5 % noise
 * pixels. Generated deterministically from a seed;
 * shaped like MNIST (784 features in [0, 1], 10 classes) and learnable by the two-layer sigmoid network.
 */
final class SyntheticDigits {
    static final int SIDE = 28;
    static final int FEATURES = SIDE * SIDE;
    static final int CLASSES = 10;
    private static final long TEMPLATE_SEED = 7;
    private static final int MAX_SHIFT = 2;
    private static final double DROPOUT = 0.2;
    private static final double NOISE = 0.05;

    private SyntheticDigits() {
    }

    static Dataset generate(int count, long seed) {
        float[][] templates = templates();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[count * FEATURES];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int c = rnd.nextInt(CLASSES);
            y[i] = c;
            int dr = rnd.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int dc = rnd.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int base = i * FEATURES;
            for (int r = 0; r < SIDE; r++) {
                for (int col = 0; col < SIDE; col++) {
                    int sr = r - dr;
                    int sc = col - dc;
                    boolean inside = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE;
                    float ink = inside && rnd.nextDouble() >= DROPOUT ? templates[c][sr * SIDE + sc] : 0f;
                    float v = ink * (float) (0.5 + 0.5 * rnd.nextDouble());
                    x[base + r * SIDE + col] = rnd.nextDouble() < NOISE ? (float) rnd.nextDouble() : v;
                }
            }
        }
        return new Dataset(x, y, count, FEATURES, CLASSES);
    }

    private static float[][] templates() {
        SplittableRandom rnd = new SplittableRandom(TEMPLATE_SEED);
        float[][] templates = new float[CLASSES][FEATURES];
        for (int c = 0; c < CLASSES; c++) {
            for (int stroke = 0; stroke < 3; stroke++) {
                int r0 = 4 + rnd.nextInt(20);
                int c0 = 4 + rnd.nextInt(20);
                int dr = rnd.nextInt(3) - 1;
                int dc = rnd.nextInt(3) - 1;
                for (int t = 0; t < 12; t++) {
                    int r = Math.floorMod(r0 + dr * t, SIDE);
                    int col = Math.floorMod(c0 + dc * t + (dr == 0 && dc == 0 ? t : 0), SIDE);
                    templates[c][r * SIDE + col] = 1f;
                }
            }
        }
        return templates;
    }
}
