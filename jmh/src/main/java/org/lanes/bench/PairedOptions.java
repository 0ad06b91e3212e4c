package org.lanes.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options the paired measurements share: {@code --threads N[,N...]}, {@code --rounds R}, {@code --block-ms MS},
 * {@code --scaling N}, {@code --direct}, {@code --other-shapes} (run {@link OtherShapes} first), and the shapes ({@code FORM:m:n:k}) as the remaining arguments.
 */
final class PairedOptions {
    int[] threads = {1};
    int rounds = 15;
    double blockMs = 60;
    int scaling;
    boolean direct;
    boolean otherShapes;
    final List<String> shapes = new ArrayList<>();

    /** Parses {@code args} from index {@code from} on. */
    static PairedOptions parse(String[] args, int from) {
        PairedOptions o = new PairedOptions();
        for (int i = from; i < args.length; i++) {
            switch (args[i]) {
                case "--threads":
                    o.threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                    break;
                case "--rounds":
                    o.rounds = Integer.parseInt(args[++i]);
                    break;
                case "--block-ms":
                    o.blockMs = Double.parseDouble(args[++i]);
                    break;
                case "--scaling":
                    o.scaling = Integer.parseInt(args[++i]);
                    break;
                case "--direct":
                    o.direct = true;
                    break;
                case "--other-shapes":
                    o.otherShapes = true;
                    break;
                default:
                    o.shapes.add(args[i]);
            }
        }
        if (o.rounds < 1 || o.blockMs <= 0 || o.threads.length == 0) {
            throw new IllegalArgumentException("--rounds and --block-ms must be positive and --threads not empty");
        }
        return o;
    }
}
