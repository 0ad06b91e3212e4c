package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lanes.Lanes;

/** The two-layer sigmoid network ({@link Mlp#twoLayerSigmoid}) on real MNIST. Slow: tagged so that CI runs it once, on the main pass. */
@Tag("slow")
class MnistTrainingTest {
    static final Path DATA = Paths.get(System.getProperty("lanes.mnist", "../shared/data/mnist"));

    @Test
    void twoLayerSigmoidReaches97PercentWithinTenEpochs() throws IOException {
        if (!Mnist.present(DATA)) {
            System.out.println("SKIPPED MnistTrainingTest: MNIST files not found in " + DATA.toAbsolutePath());
            Assumptions.abort("MNIST files not found in " + DATA.toAbsolutePath());
        }
        Dataset train = Mnist.train(DATA);
        Dataset test = Mnist.test(DATA);
        Mlp net = Mlp.twoLayerSigmoid(784, 512, 10, 0).optimizer(Sgd.of(0.5f));
        double accuracy = 0;
        for (int epoch = 1; epoch <= 10 && accuracy < 0.97; epoch++) {
            long t0 = System.nanoTime();
            double loss = net.fit(train, 1, 64, epoch, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            accuracy = net.evaluate(test).accuracy();
            System.out.printf("MNIST 784-512-10 sigmoid lr 0.5 batch 64 (%s): epoch %d loss %.4f test accuracy %.2f%% (%.2f s/epoch)%n",
                    Lanes.describe(), epoch, loss, accuracy * 100, seconds);
        }
        assertTrue(accuracy >= 0.97, "test accuracy " + accuracy);
    }
}
