package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;

/**
 * A vector whose class C2 cannot see (a loop's accumulator, a parameter, the result of a call it did not inline),
 * cast to its species' class before an instance method is called on it.
 *
 * <p>Why: C2 turns a Vector API call into vector instructions only when it knows the receiver's exact class.
 * Where it does not, it inlines by the receiver types that the JDK's own methods have seen, across the whole JVM.
 * Once any code in the process has used another vector shape (an application's 128- or 256-bit vectors, or
 * Lanes' own 256-bit halves), those methods have seen several classes, the call stays generic, and every vector
 * on that path is boxed: measured on Zen 4, the packed GEMM ran at 60 % of its speed and a kernel allocated
 * 1.5 KB per call (docs/decisions/exact-vector-types.md). A cast to a constant class costs one compare.
 *
 * <p>Kernels write the cast in place, {@code ((FloatVector) Exact.VECTOR.cast(v))}, rather than through a helper
 * method: in a large compilation C2 stops inlining ordinary methods (its node count cut-off), and a helper left
 * out then loses the cast, while {@code Class.cast} is an intrinsic and always applies.
 */
final class Exact {
    /** The class of the provider's vectors. */
    static final Class<? extends Vector<Float>> VECTOR = VectorProvider.S.vectorType();
    /** The class of the provider's int vectors (float bits read as integers). */
    static final Class<? extends Vector<Integer>> INTS = VectorProvider.I.vectorType();
    /** The class of 256-bit float vectors. */
    static final Class<? extends Vector<Float>> HALF = FloatVector.SPECIES_256.vectorType();

    private Exact() {
    }
}
