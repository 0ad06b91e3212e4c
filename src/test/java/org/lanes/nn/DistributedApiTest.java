package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;

/** The parts of Mlp and Checkpoint that let a network be trained and stored elsewhere (the Spark module). */
class DistributedApiTest {

    @Test
    void applyingTheGradientsOfComputeGradientsIsATrainingStep() {
        float[] x = MlpTest.inputs(13, 7, 1);
        int[] y = MlpTest.labels(13, 3, 2);
        Mlp a = Mlp.create(new int[] {7, 5, 3}, Activation.TANH, Init.XAVIER, 3).optimizer(new Sgd(0.1f, 0.5f, 1e-3f));
        Mlp b = Mlp.create(new int[] {7, 5, 3}, Activation.TANH, Init.XAVIER, 3).optimizer(new Sgd(0.1f, 0.5f, 1e-3f));
        for (int step = 0; step < 3; step++) {
            float expected = a.trainStep(x, y, 13);
            float loss = b.computeGradients(x, 0, y, 0, 13);
            // The gradients go through a copy, as they do when computed on another machine.
            for (int l = 0; l < b.layers(); l++) {
                float[] g = b.weightGradient(l).clone();
                java.util.Arrays.fill(b.weightGradient(l), Float.NaN);
                System.arraycopy(g, 0, b.weightGradient(l), 0, g.length);
            }
            b.applyGradients();
            assertEquals(expected, loss, 0f);
        }
        for (int l = 0; l < a.layers(); l++) {
            assertArrayEquals(a.weights(l), b.weights(l));
            assertArrayEquals(a.biases(l), b.biases(l));
        }
    }

    @Test
    void logitsAreTheOutputBeforeTheSoftmax() {
        Mlp net = Mlp.create(new int[] {6, 4, 5}, Activation.SIGMOID, Init.XAVIER, 4);
        float[] x = MlpTest.inputs(3, 6, 5);
        float[] z = new float[2 + 15];
        net.logits(x, 0, 3, z, 2);
        for (int r = 0; r < 3; r++) {
            double[] expected = new double[5];
            for (int j = 0; j < 5; j++) {
                double s = net.biases(1)[j];
                for (int h = 0; h < 4; h++) {
                    double a = net.biases(0)[h];
                    for (int i = 0; i < 6; i++) {
                        a += (double) x[r * 6 + i] * net.weights(0)[i * 4 + h];
                    }
                    s += 1 / (1 + Math.exp(-a)) * net.weights(1)[h * 5 + j];
                }
                expected[j] = s;
            }
            for (int j = 0; j < 5; j++) {
                // 6 + 4 terms of magnitude < 4 in float: well inside 1e-5.
                assertEquals(expected[j], z[2 + r * 5 + j], 1e-5);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> net.logits(x, 0, 3, new float[14], 0));
    }

    @Test
    void ofCopiesAndChecksTheArrays() {
        Mlp net = Mlp.create(new int[] {3, 2, 2}, Activation.RELU, Init.HE, 6);
        float[][] w = {net.weights(0).clone(), net.weights(1).clone()};
        float[][] b = {net.biases(0).clone(), net.biases(1).clone()};
        Mlp copy = Mlp.of(net.sizes(), Activation.RELU, w, b);
        w[0][0] = 42f;
        assertArrayEquals(net.weights(0), copy.weights(0));
        assertThrows(IllegalArgumentException.class,
                () -> Mlp.of(new int[] {3, 2, 2}, Activation.RELU, new float[][] {new float[6], new float[3]}, b));
        assertThrows(IllegalArgumentException.class,
                () -> Mlp.of(new int[] {3, 2, 2}, Activation.RELU, new float[][] {new float[6]}, b));
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(new int[] {3, 2, 2}, Activation.RELU, null, b));
    }

    @Test
    void checkpointBytesRoundTripAndAreChecked() throws IOException {
        Mlp net = Mlp.create(new int[] {4, 3, 2}, Activation.TANH, Init.XAVIER, 7);
        byte[] bytes = Checkpoint.toBytes(net, "mem");
        Mlp back = Checkpoint.fromBytes(bytes, "mem");
        assertEquals(net.hiddenActivation(), back.hiddenActivation());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(net.weights(l), back.weights(l));
            assertArrayEquals(net.biases(l), back.biases(l));
        }
        bytes[30] ^= 1;
        IOException e = assertThrows(IOException.class, () -> Checkpoint.fromBytes(bytes, "mem"));
        assertEquals(true, e.getMessage().startsWith("mem: "), e.getMessage());
        assertThrows(IOException.class, () -> Checkpoint.fromBytes(new byte[10], "mem"));
        net.weights(0)[1] = Float.NaN;
        assertThrows(IOException.class, () -> Checkpoint.toBytes(net, "mem"));
    }
}
