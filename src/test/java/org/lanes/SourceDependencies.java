package org.lanes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of the main sources uses which other package of Lanes, read from the source text: imports
 * (static ones too) and fully qualified names in code, with comments and string literals left out. A use of a
 * class of the same package needs neither, and is not a dependency between packages anyway.
 */
public final class SourceDependencies {
    private static final Pattern QUALIFIED = Pattern.compile("\\b(org\\.lanes(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** package -> package it uses -> the files that make the use. */
    private final Map<String, Map<String, Set<String>>> uses = new TreeMap<>();

    /** Dependencies of no source yet; {@link #read} adds them. */
    public SourceDependencies() {
    }

    /** The main sources of the library (the Maven base directory's {@code src/main/java}). */
    public static SourceDependencies ofMainSources() {
        Path root = Path.of(System.getProperty("basedir", "."), "src", "main", "java");
        SourceDependencies d = new SourceDependencies();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                d.read(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (d.uses.isEmpty()) {
            throw new IllegalStateException("no Java sources under " + root.toAbsolutePath());
        }
        return d;
    }

    /** Adds the uses of one source file, named {@code name} in messages. */
    public void read(String name, String source) {
        String code = withoutCommentsAndStrings(source);
        Matcher pm = PACKAGE.matcher(code);
        if (!pm.find()) {
            return; // module-info.java, package-info.java without a package clause
        }
        String pkg = pm.group(1);
        Map<String, Set<String>> out = uses.computeIfAbsent(pkg, p -> new TreeMap<>());
        Matcher m = QUALIFIED.matcher(code.substring(pm.end()));
        while (m.find()) {
            String used = m.group(1);
            if (!used.equals(pkg)) {
                out.computeIfAbsent(used, p -> new TreeSet<>()).add(name);
            }
        }
    }

    /** The packages read. */
    public Set<String> packages() {
        return uses.keySet();
    }

    /** The packages that {@code pkg} uses, each with the files that use it. */
    public Map<String, Set<String>> usesOf(String pkg) {
        return uses.getOrDefault(pkg, Map.of());
    }

    /**
     * Each cycle among the packages that start with {@code prefix}, as "a -> b -> a" with the files behind each
     * step; empty when they form no cycle.
     */
    public List<String> cyclesAmong(String prefix) {
        List<String> cycles = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : uses.keySet()) {
            if (start.startsWith(prefix)) {
                walk(start, prefix, new ArrayList<>(), done, cycles);
            }
        }
        return cycles;
    }

    private void walk(String pkg, String prefix, List<String> path, Set<String> done, List<String> cycles) {
        int at = path.indexOf(pkg);
        if (at >= 0) {
            StringBuilder sb = new StringBuilder();
            List<String> loop = new ArrayList<>(path.subList(at, path.size()));
            loop.add(pkg);
            for (int i = 0; i + 1 < loop.size(); i++) {
                sb.append(loop.get(i)).append(" -> ").append(loop.get(i + 1)).append(" (")
                        .append(usesOf(loop.get(i)).get(loop.get(i + 1))).append(")\n");
            }
            cycles.add(sb.toString());
            return;
        }
        if (done.contains(pkg)) {
            return;
        }
        path.add(pkg);
        for (String next : usesOf(pkg).keySet()) {
            if (next.startsWith(prefix)) {
                walk(next, prefix, path, done, cycles);
            }
        }
        path.remove(path.size() - 1);
        done.add(pkg);
    }

    /** The source with comments and string and character literals replaced by spaces. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
