package org.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file the documentation points to exists: a Markdown link's relative target (from the linking file's
 * folder), and a path named in the text from the repository root ({@code docs/decisions/split-depth.md},
 * {@code jmh/results/zen4/paired.txt}). A figure lives in one file and the others link to it (CONTRIBUTING.md),
 * so a moved or removed file must not leave a link behind.
 */
class DocsLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at a space (a title) or the parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** A path from the repository root, as the text names one: a top folder of the tree, then the path. */
    private static final Pattern ROOT_PATH =
            Pattern.compile("(?<![\\w./-])((?:docs|jmh|src|spark|\\.ci)/(?:[\\w./+-]|\\{[\\w.,+-]*\\})*[\\w/}])");
    /** One brace group of a path ({@code tune-check-{1,...,5}.txt}), expanded by its comma-separated choices. */
    private static final Pattern BRACES = Pattern.compile("\\{([^}]*)\\}");
    /** A path part that stands for a value to fill in rather than naming a file. */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("(?:^|[/._-])(?:CPU|DATE|NAME|REV|SESSION|FILE|DIR|SHAPE)(?:$|[/._-])");

    @Test
    void everyLinkedFileExists() {
        Path root = Path.of(System.getProperty("basedir", "."));
        List<Path> documents = documents(root);
        assertTrue(documents.stream().anyMatch(p -> p.endsWith(Path.of("docs", "gemm.md"))), "the docs were read");
        List<String> broken = new ArrayList<>();
        for (Path doc : documents) {
            String text = read(doc);
            broken.addAll(brokenLinks(root, root.relativize(doc), text));
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    @Test
    void linksAndPathsAreFoundAndPlaceholdersAndUrlsAreNot() {
        String text = "See [split](decisions/split-depth.md#why), ![plot](img/x.png), [web](https://a.b/c.md),\n"
                + "[here](#wisdom), `jmh/results/zen4/gone.txt`, docs/decisions/missing.md and\n"
                + "`jmh/results/CPU/session-DATE/`, `docs/performance/CPU.md`, http://x.org/docs/a.md,\n"
                + "`jmh/target/benchmarks.jar`, `docs/{decisions,nowhere}/README.md` and `jmh/r-{1,...,3}.txt`.\n"
                + "```\njmh/run.sh -rff jmh/results/out.json\n```";
        Path root = Path.of("/nonexistent-root");
        List<String> broken = brokenLinks(root, Path.of("docs", "gemm.md"), text);
        assertEquals(List.of(
                "docs/gemm.md:1: decisions/split-depth.md#why",
                "docs/gemm.md:1: img/x.png",
                "docs/gemm.md:2: jmh/results/zen4/gone.txt",
                "docs/gemm.md:2: docs/decisions/missing.md",
                "docs/gemm.md:4: docs/decisions/README.md",
                "docs/gemm.md:4: docs/nowhere/README.md",
                "docs/gemm.md:4: jmh/r-1.txt",
                "docs/gemm.md:4: jmh/r-3.txt"), broken);
    }

    /**
     * The Markdown files of the top folder and of docs/. (jmh/report-template.md is not one: its links are those of
     * the report it generates, docs/performance/zen4-jmh.md, which is checked.)
     */
    private static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs.stream().sorted().collect(Collectors.toList());
    }

    /** Each broken target of {@code text}, the document at {@code doc} under {@code root}, as "doc:line: target". */
    static List<String> brokenLinks(Path root, Path doc, String text) {
        List<String> broken = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Path folder = root.resolve(doc).getParent();
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            String where = doc.toString().replace('\\', '/') + ":" + (i + 1) + ": ";
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                String target = link.group(1);
                String file = target.replaceFirst("#.*", "");
                if (file.isEmpty() || target.matches("[a-z][a-z0-9+.-]*:.*")) {
                    continue; // an anchor in this file, or a URL
                }
                if (!Files.exists(folder.resolve(file).normalize())) {
                    broken.add(where + target);
                }
            }
            if (fenced) {
                continue; // commands: their paths are often files they write
            }
            Matcher path = ROOT_PATH.matcher(withoutUrls(line));
            while (path.find()) {
                String named = path.group(1);
                if (PLACEHOLDER.matcher(named).find() || named.matches("(.*/)?target(/.*)?")) {
                    continue; // a value to fill in, or build output
                }
                for (String file : expanded(named)) {
                    if (!Files.exists(root.resolve(file).normalize())) {
                        broken.add(where + file);
                    }
                }
            }
        }
        return broken;
    }

    /** {@code a-{x,y}.txt} as a-x.txt and a-y.txt; a choice "..." (a range written out in prose) is left out. */
    private static List<String> expanded(String path) {
        Matcher m = BRACES.matcher(path);
        if (!m.find()) {
            return List.of(path);
        }
        List<String> out = new ArrayList<>();
        for (String choice : m.group(1).split(",", -1)) {
            if (!choice.equals("...")) {
                out.addAll(expanded(path.substring(0, m.start()) + choice + path.substring(m.end())));
            }
        }
        return out;
    }

    /** The line with its URLs and link targets blanked, so that only paths named in the text remain. */
    private static String withoutUrls(String line) {
        return line.replaceAll("[a-z][a-z0-9+.-]*://\\S+", " ").replaceAll("\\]\\([^)]*\\)", "] ");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
