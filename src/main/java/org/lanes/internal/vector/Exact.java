package org.lanes.internal.vector;

import jdk.incubator.vector.Vector;

/**
 * The classes that kernels cast a vector to before they store it or call a method on it, wherever C2 may not see
 * its class: a stored vector, a loop's accumulator, a loaded value whose uses branch (float and int vectors).
 *
 * <p>Why: C2 turns a Vector API call into vector instructions only when it knows the receiver's exact class.
 * Where it does not, it inlines by the receiver types that the JDK's own methods have seen, across the whole JVM.
 * Once any code in the process has used other vector shapes (an application's 64-, 128- or 256-bit vectors),
 * those methods have seen several classes, the call stays generic, and every vector on that path is boxed.
 * Measured on Zen 4 with JDK 17: the packed GEMM ran at half its speed, and most kernels allocated kilobytes per
 * call (docs/decisions/exact-vector-types.md). A cast to a constant class costs one compare.
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

    private Exact() {
    }
}
