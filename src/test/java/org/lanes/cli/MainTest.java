package org.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.internal.Providers;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.CpuSignature;
import org.lanes.internal.config.Wisdom;
import org.lanes.internal.config.WisdomStore;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.platform.Machine;
import org.lanes.internal.tune.TuneRun;
import org.lanes.internal.tune.Tuner;
import org.lanes.nn.Dataset;

class MainTest {
    @TempDir
    Path dir;

    /** Exit status and both streams of one command line run. */
    record Run(int status, String out, String err) {
        void assertUsageError(String message) {
            assertEquals(Main.USAGE_ERROR, status, err);
            assertTrue(err.contains(message), () -> "expected '" + message + "' in:\n" + err);
            assertTrue(err.contains("Usage") || err.contains("lanes"), err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), () -> "stack trace in:\n" + err);
        }
    }

    static Run lanes(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionSucceed() {
        Run help = lanes("--help");
        assertEquals(0, help.status());
        for (String command : new String[] {"demo", "train", "eval", "predict", "bench", "tune"}) {
            assertTrue(help.out().contains(command), help.out());
        }
        assertEquals(0, lanes("train", "--help").status());
        assertTrue(lanes("--version").out().contains("kernels: "));
    }

    @Test
    void userErrorsGiveOneLineUsageAndStatus2() {
        lanes().assertUsageError("missing command");
        lanes("--bogus").assertUsageError("Unknown option: '--bogus'");
        lanes("frobnicate").assertUsageError("frobnicate");
        lanes("train", "--data", dir.toString(), "--epochs", "x").assertUsageError("'x' is not an int");
        lanes("train", "--data", dir.toString(), "--lr", "fast").assertUsageError("--lr");
        lanes("train").assertUsageError("Missing required option: '--data=DIR'");
        lanes("train", "--data", dir.toString(), "--epochs", "0").assertUsageError("--epochs must be at least 1, got 0");
        lanes("train", "--data", dir.toString(), "--lr", "-1").assertUsageError("--lr must be a positive number");
        lanes("train", "--data", dir.toString(), "--momentum", "1").assertUsageError("--momentum must be in [0, 1)");
        lanes("train", "--data", dir.toString(), "--layers", "64,0").assertUsageError("--layers sizes must be at least 1");
        lanes("train", "--data", dir.toString(), "--activation", "softplus").assertUsageError("--activation");
        lanes("demo", "--threads", "0").assertUsageError("--threads must be at least 1, got 0");
        lanes("eval", "--data", dir.toString()).assertUsageError("--model");
    }

    @Test
    void missingAndMalformedFilesAreUserErrors() throws IOException {
        Path missing = dir.resolve("nothing-here");
        lanes("train", "--data", missing.toString()).assertUsageError(missing + ": no such file or folder");
        lanes("train", "--data", dir.toString()).assertUsageError("lacks the MNIST files");

        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,0.5,0.5\n0,0.25\n");
        Run r = lanes("train", "--data", ragged.toString(), "--pixel-max", "1");
        r.assertUsageError(ragged.toString());

        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "1,0.5\n12,0.25\n");
        lanes("train", "--data", labels.toString()).assertUsageError("labels.csv");

        Path csv = writeCsv(dir.resolve("ok.csv"), 50, 1);
        Path corrupt = dir.resolve("model.bin");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5});
        lanes("eval", "--model", corrupt.toString(), "--data", csv.toString()).assertUsageError("model.bin");
        lanes("eval", "--model", missing.toString(), "--data", csv.toString()).assertUsageError("nothing-here");
    }

    @Test
    void demoTrainsOnGeneratedDigitsEndToEnd() {
        Run r = lanes("demo", "--train-size", "3000", "--test-size", "300", "--epochs", "3", "--hidden", "64",
                "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("generated MNIST-shaped digits"), r.out());
        assertTrue(r.out().contains("epoch 3/3"), r.out());
        Matcher m = Pattern.compile("test accuracy (\\d+\\.\\d\\d)%").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 80, "the generated digits are learnable: " + r.out());
        assertTrue(r.out().contains("samples/s"), r.out());
        assertTrue(r.err().contains("epoch 1/3") && r.err().contains("3000/3000"), "progress bar on stderr: " + r.err());
    }

    @Test
    void trainSaveEvalPredictOnCsv() throws IOException {
        Path csv = writeCsv(dir.resolve("train.csv"), 500, 7);
        Path model = dir.resolve("net.lanes");
        Run train = lanes("train", "--data", csv.toString(), "--classes", "3", "--pixel-max", "1", "--layers", "16,8",
                "--activation", "tanh", "--init", "xavier", "--epochs", "4", "--batch", "32", "--lr", "0.2",
                "--momentum", "0.5", "--seed", "3", "--threads", "2", "--save", model.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("epoch 4/4") && train.out().contains("saved " + model), train.out());
        assertTrue(Files.size(model) > 0);

        Path test = writeCsv(dir.resolve("test.csv"), 120, 8);
        Run eval = lanes("eval", "--model", model.toString(), "--data", test.toString(), "--classes", "3",
                "--pixel-max", "1");
        assertEquals(0, eval.status(), eval.err());
        Matcher m = Pattern.compile("accuracy (\\d+\\.\\d\\d)%").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy > 80, eval.out());
        assertTrue(eval.out().contains("examples 120"), eval.out());

        Path predictions = dir.resolve("classes.txt");
        Run predict = lanes("predict", "--model", model.toString(), "--data", test.toString(), "--classes", "3",
                "--pixel-max", "1", "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.err());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(120, lines.size());
        int[] labels = readLabels(test);
        int hits = 0;
        for (int i = 0; i < lines.size(); i++) {
            hits += Integer.parseInt(lines.get(i)) == labels[i] ? 1 : 0;
        }
        assertEquals(accuracy, 100.0 * hits / labels.length, 0.006, "predict agrees with eval's accuracy");

        Run stdout = lanes("predict", "--model", model.toString(), "--data", test.toString(), "--classes", "3",
                "--pixel-max", "1");
        assertEquals(String.join("\n", lines) + "\n", stdout.out());

        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "1,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n");
        lanes("predict", "--model", model.toString(), "--data", wide.toString()).assertUsageError("expects 6");
    }

    @Test
    void benchPrintsVectorAndScalarColumns() {
        Run r = lanes("bench", "--quick", "--probe-ms", "30", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        for (String row : new String[] {"FMA peak probe", "sgemm 128^3", "sgemm 256x512x784", "sigmoid 256x512",
            "softmax 1024x1024", "MLP step 256-784-512-10"}) {
            assertTrue(r.out().contains(row), r.out());
        }
        assertTrue(r.out().contains("Scalar: a child JVM"), "the scalar child JVM ran: " + r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("sgemm") && l.contains(" - ")), r.out());
    }

    /**
     * {@code tune --quick} measures its candidates and writes a wisdom file for this CPU signature and family,
     * which the library then accepts; bad options are usage errors.
     */
    @Test
    void tuneWritesWisdomForThisMachine() {
        Path file = dir.resolve("sub/wisdom.properties");
        Run run = lanes("tune", "--quick", "--seconds", "2", "--out", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("block sizes") && run.out().contains("wrote " + file), run.out());
        Wisdom w = Wisdom.read(file);
        KernelProvider p = Providers.active();
        assertNull(w.mismatch(CpuSignature.of(Machine.current(), p.vectorBitSize()), p.architecture().name),
                w.signature + " / " + w.arch);
        Architecture tuned = Architecture.withWisdom(p.architecture(), w, "tuned: " + file);
        assertEquals(w.kc, tuned.gemm.kc);
        assertTrue(w.direct >= 48L * 48 * 48 && w.direct <= 256L * 256 * 256 + 1, "direct threshold " + w.direct);
        assertEquals(w.direct, tuned.gemm.smallProblem);
        assertEquals(w.minWork, tuned.gemm.minWorkPerThread);
        assertTrue(tuned.origin.startsWith("tuned: "), tuned.origin);
        lanes("tune", "--seconds", "0").assertUsageError("--seconds must be in (0, 3600]");
        lanes("tune", "--seconds", "soon").assertUsageError("soon");
    }

    /**
     * The direct path's threshold lies just past the edges whose gains (log speed-ups summed over the forms) add up
     * to the most: a small loss between larger gains does not end it, a loss that outweighs the gains before it
     * does, and with no gain at all it stays at the first edge.
     */
    @Test
    void tuneDirectThresholdTakesTheEdgesThatGainMost() {
        int[] edges = {32, 48, 64, 96};
        assertEquals(64L * 64 * 64 + 1, Tuner.directThreshold(edges, new double[] {0.3, -0.05, 0.2, -0.5}));
        assertEquals(48L * 48 * 48 + 1, Tuner.directThreshold(edges, new double[] {0.3, 0.1, -0.2, 0.1}));
        assertEquals(32L * 32 * 32, Tuner.directThreshold(edges, new double[] {-0.1, 0.05, -0.2, 0.01}));
        assertEquals(96L * 96 * 96 + 1, Tuner.directThreshold(edges, new double[] {0.1, 0.1, 0.1, 0.1}));
        assertEquals(32L * 32 * 32, Tuner.directThreshold(edges, new double[] {Double.NEGATIVE_INFINITY, 1, 1, 1}),
                "an edge whose bits differed (speed-up 0) is never crossed");
        assertThrows(IllegalArgumentException.class, () -> Tuner.directThreshold(edges, new double[] {0.1}));
    }

    /**
     * The first run on a CPU without wisdom tunes once and says so in one line; with wisdom present, with
     * {@code --no-tune}, with {@code -Dlanes.wisdom} set, or on the scalar fallback it does not. The tune itself is replaced by one that
     * writes a file, and the cache folder is a temporary one.
     */
    @Test
    void firstRunTunesOnceWhereNoWisdomExists() {
        String wisdomBefore = System.getProperty(WisdomStore.PROPERTY);
        String dirBefore = System.getProperty(WisdomStore.DIR_PROPERTY);
        System.clearProperty(WisdomStore.PROPERTY);
        System.setProperty(WisdomStore.DIR_PROPERTY, dir.resolve("cache").toString());
        try {
            KernelProvider p = TuneRun.freshProvider();
            CpuSignature here = TuneRun.signature(p);
            int[] tunes = {0};
            FirstRunTune.Action fake = () -> {
                tunes[0]++;
                new Wisdom(here, p.architecture().name, p.blockSizes().kc, p.blockSizes().mc, p.blockSizes().nc, -1, -1)
                        .write(WisdomStore.fileFor(here), "test");
                return 0;
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Main.Io io = new Main.Io(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            if (p.name().equals("scalar")) {
                new FirstRunTune().apply(io, fake);
                assertEquals(0, tunes[0], "the scalar fallback has fixed sizes: nothing to tune");
                return;
            }
            FirstRunTune skip = new FirstRunTune();
            skip.noTune = true;
            skip.apply(io, fake);
            assertEquals(0, tunes[0], "--no-tune");
            System.setProperty(WisdomStore.PROPERTY, "none");
            new FirstRunTune().apply(io, fake);
            assertEquals(0, tunes[0], "-Dlanes.wisdom=none");
            System.clearProperty(WisdomStore.PROPERTY);
            new FirstRunTune().apply(io, fake);
            assertEquals(1, tunes[0]);
            String said = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, said.lines().count(), said);
            assertTrue(said.contains("first run on this CPU") && said.contains("--no-tune"), said);
            new FirstRunTune().apply(io, fake);
            assertEquals(1, tunes[0], "the wisdom now exists");
            assertEquals(1, out.toString(StandardCharsets.UTF_8).lines().count());
            FirstRunTune.Action failing = () -> 3;
            Files.delete(WisdomStore.fileFor(here));
            new FirstRunTune().apply(io, failing);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("the tune failed (status 3)"), out.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            restore(WisdomStore.PROPERTY, wisdomBefore);
            restore(WisdomStore.DIR_PROPERTY, dirBefore);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void generatedDigitsAreReproducible() {
        Dataset a = SyntheticDigits.generate(50, 9);
        Dataset b = SyntheticDigits.generate(50, 9);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.equals(a.features(), SyntheticDigits.generate(50, 10).features()));
    }

    /** Three classes, six features: class c has its mass on features 2c and 2c+1, plus noise. */
    @Test
    void divergenceExitsWithStatus1AndSavesNothing() throws IOException {
        Path csv = writeCsv(dir.resolve("train.csv"), 200, 4);
        Path model = dir.resolve("diverged.lanes");
        Run run = lanes("train", "--data", csv.toString(), "--classes", "3", "--pixel-max", "1", "--layers", "16",
                "--activation", "relu", "--epochs", "3", "--lr", "1e30", "--save", model.toString());
        assertEquals(Main.FAILURE, run.status(), run.err());
        assertTrue(run.err().contains("diverged") && run.err().contains("epoch 1"), run.err());
        assertFalse(Files.exists(model));
    }

    /** Sigmoid units keep the loss finite at a learning rate of 1e30 (2.3 to about 1e30): the growth stops it. */
    @Test
    void aFiniteLossGrowingPastTheLimitExitsWithStatus1AndSavesNothing() throws IOException {
        Path csv = writeCsv(dir.resolve("train.csv"), 200, 4);
        Path model = dir.resolve("grown.lanes");
        Run run = lanes("train", "--data", csv.toString(), "--classes", "3", "--pixel-max", "1", "--layers", "16",
                "--epochs", "3", "--lr", "1e30", "--save", model.toString());
        assertEquals(Main.FAILURE, run.status(), run.err());
        assertTrue(run.err().contains("diverged") && run.err().contains("exceeds") && run.err().contains("nothing saved"),
                run.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void theLossGrowthLimitIsSetOrTurnedOffByOptions() throws IOException {
        Path csv = writeCsv(dir.resolve("train.csv"), 200, 4);
        Path model = dir.resolve("grown.lanes");
        Run off = lanes("train", "--data", csv.toString(), "--classes", "3", "--pixel-max", "1", "--layers", "16",
                "--epochs", "1", "--lr", "1e30", "--no-loss-growth-limit", "--save", model.toString());
        assertEquals(0, off.status(), off.err());
        assertTrue(Files.exists(model), "without the limit the grown network is saved, as asked");
        lanes("train", "--data", csv.toString(), "--classes", "3", "--max-loss-growth", "1")
                .assertUsageError("--max-loss-growth must be a number > 1");
        Run loose = lanes("train", "--data", csv.toString(), "--classes", "3", "--pixel-max", "1", "--layers", "16",
                "--epochs", "1", "--lr", "1e30", "--max-loss-growth", "1e40");
        assertEquals(0, loose.status(), loose.err());
    }

    @Test
    void badSavePathsFailBeforeTraining() throws IOException {
        Path csv = writeCsv(dir.resolve("train.csv"), 200, 4);
        Run root = lanes("train", "--data", csv.toString(), "--classes", "3", "--save", "/");
        root.assertUsageError("is a folder");
        assertFalse(root.out().contains("epoch"), "nothing trained: " + root.out());
        lanes("train", "--data", csv.toString(), "--classes", "3", "--save", dir.resolve("nope/x.lanes").toString())
                .assertUsageError("does not exist");
    }

    @Test
    void modelAndDataMessagesNameTheFileAndTheReason() throws IOException {
        Path csv = writeCsv(dir.resolve("d.csv"), 20, 4);
        lanes("eval", "--model", dir.resolve("missing.lanes").toString(), "--data", csv.toString(), "--classes", "3")
                .assertUsageError("missing.lanes: no such checkpoint file");
        lanes("eval", "--model", dir.toString(), "--data", csv.toString(), "--classes", "3")
                .assertUsageError(dir + ": is a folder");
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, new byte[] {'1', ',', (byte) 0xE9, '\n'});
        Path model = dir.resolve("m.lanes");
        assertEquals(0, lanes("train", "--data", csv.toString(), "--classes", "3", "--epochs", "1", "--holdout", "0.2",
                "--save", model.toString()).status());
        lanes("eval", "--model", model.toString(), "--data", latin.toString(), "--classes", "3")
                .assertUsageError("latin.csv: line 1 is not UTF-8 text");
        lanes("demo", "--train-size", "3000000").assertUsageError("--train-size and --test-size must be at most");
    }

    @Test
    void anUnwritableStandardOutputIsAFailure() throws IOException {
        Path csv = writeCsv(dir.resolve("d.csv"), 40, 4);
        Path model = dir.resolve("m.lanes");
        assertEquals(0, lanes("train", "--data", csv.toString(), "--classes", "3", "--epochs", "1", "--holdout", "0.2",
                "--save", model.toString()).status());
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String command : new String[] {"predict", "eval"}) {
            int status = Main.run(new String[] {command, "--model", model.toString(), "--data", csv.toString(),
                "--classes", "3"}, new PrintStream(full, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(Main.FAILURE, status, command + ": " + err);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("could not write to standard output"));
    }

    private static Path writeCsv(Path file, int rows, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add("label,f0,f1,f2,f3,f4,f5");
        for (int i = 0; i < rows; i++) {
            int c = rnd.nextInt(3);
            StringBuilder line = new StringBuilder().append(c);
            for (int f = 0; f < 6; f++) {
                double v = (f / 2 == c ? 1.0 : 0.0) + 0.3 * rnd.nextDouble();
                line.append(',').append((float) v);
            }
            lines.add(line.toString());
        }
        return Files.write(file, lines);
    }

    private static int[] readLabels(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[0])).toArray();
    }
}
