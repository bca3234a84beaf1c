package io.breakoutbot.ops.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Option values as opsctl has always read them, checked before picocli parses: an option's value is the next word
 * unless that word starts with {@code --}. picocli would take {@code --verbose} after {@code --days} as the number of
 * days, or as the LOG of {@code --rotate}, and then complain about the word after it; here {@code --days} needs a
 * value, and {@code --verbose} stands on its own. The words up to the first subcommand are this command's.
 */
final class OptionValues implements IParameterPreprocessor {

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec argSpec, Map<String, Object> info) {
        List<String> words = new ArrayList<>(args);
        Collections.reverse(words); // the stack's top is the first word
        for (int i = 0; i < words.size() && !command.subcommands().containsKey(words.get(i)); i++) {
            OptionSpec option = command.findOption(words.get(i));
            if (option == null || option.arity().max() == 0) {
                continue;
            }
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (next != null && !next.startsWith("--")) {
                i++; // its value
            } else if (option.arity().min() > 0) {
                throw new ParameterException(command.commandLine(), OptionTable.needsValue(option.longestName()));
            } else if (next != null && command.findOption(next) == null) {
                throw new UnmatchedArgumentException(command.commandLine(), List.of(next));
            }
        }
        return false; // picocli parses, now that it reads the words as opsctl does
    }
}
