package org.lanes;

/** Element-wise activation functions of a layer, with their derivatives taken from the saved output. */
public enum Activation {
    /** Identity: {@code a = z}. */
    NONE,
    /** {@code a = 1/(1+e^-z)}, {@code dz = da * a * (1-a)}. */
    SIGMOID,
    /** {@code a = max(0, z)}, {@code dz = a > 0 ? da : 0}. */
    RELU,
    /** {@code a = tanh(z)}, {@code dz = da * (1 - a^2)}. */
    TANH
}
