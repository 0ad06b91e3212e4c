package org.lanes.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks that picocli's types cannot express; a failure is a usage error naming the option. */
final class Arguments {
    private Arguments() {
    }

    static void require(CommandSpec spec, boolean ok, String rule, Object value) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), rule + ", got " + value);
        }
    }

    static void atLeastOne(CommandSpec spec, String option, int value) {
        require(spec, value >= 1, option + " must be at least 1", value);
    }
}
