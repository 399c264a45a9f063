package dev.seq4j;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md stays a short front page and the reference in docs/ stays reachable: README.md is at most 15 KB, every
 * docs/*.md page is linked from it, every relative link in README.md and docs/*.md points to a file or directory
 * of the repository (and, for a link into a Markdown file with {@code #anchor}, to one of its headings, slugged as
 * GitHub does), and CI runs the test command the quick start gives. Markdown is parsed with commonmark-java, so
 * links inside code blocks and code spans are not links, as on GitHub.
 */
class DocsTest {
    /** "At most 15 KB", read strictly: 15,000 bytes, as {@code wc -c} counts them. */
    static final int README_MAX_BYTES = 15_000;

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");

    @Test
    void readmeIsAtMostFifteenKilobytes() throws IOException {
        long size = Files.size(README);
        assertTrue(size <= README_MAX_BYTES, "README.md has " + size + " bytes; move reference text to docs/");
    }

    @Test
    void everyRelativeLinkInReadmeAndDocsPointsToAnExistingFileAndHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        pages.addAll(docsPages(DOCS));
        assertTrue(pages.size() >= 10, "pages: " + pages);
        assertEquals(List.of(), brokenLinks(Path.of(""), pages));
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() throws IOException {
        Set<String> linked = new TreeSet<>();
        for (Link link : links(parse(README))) {
            linked.add(link.getDestination().replaceFirst("#.*", ""));
        }
        List<String> unlinked = docsPages(DOCS).stream().map(p -> "docs/" + p.getFileName())
                .filter(p -> !linked.contains(p)).toList();
        assertEquals(List.of(), unlinked, "docs pages README.md does not link");
    }

    /** The quick start's two commands: CI ({@code .ci/run}) runs the test command exactly as the README gives it. */
    @Test
    void ciRunsTheQuickStartsTestCommandAndItsConfigExists() throws IOException {
        List<String> commands = quickStartCommands();
        assertEquals(List.of("./seq4j train configs/charlm.yaml", "./mvnw -B verify"), commands);
        List<String> ci = Files.readAllLines(Path.of(".ci/run")).stream().map(String::strip).toList();
        assertTrue(ci.contains(commands.get(1)), ".ci/run does not run '" + commands.get(1) + "'");
        assertTrue(Files.isRegularFile(Path.of("configs/charlm.yaml")));
        assertTrue(Files.isExecutable(Path.of("seq4j")));
    }

    /** The checker itself: a missing file, a missing heading and a link out of the tree are reported, the rest not. */
    @Test
    void theLinkCheckerReportsMissingFilesHeadingsAndLinksOutOfTheTree(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("README.md"), """
                # Title

                See [the guide](docs/guide.md#gpus-cuda-116), [data](data), [web](https://example.org/x.md),
                [top](#title), [gone](docs/gone.md), [bad anchor](docs/guide.md#nope) and `[code](not/a/link.md)`.

                ```
                [in a block](nor/this.md)
                ```
                """);
        Files.writeString(root.resolve("docs/guide.md"), """
                # Guide

                ## GPUs (CUDA 11.6)

                ## Spark local mode against one machine (issue 12)

                Back to [the README](../README.md#title), [out](../../elsewhere.md),
                [here](#spark-local-mode-against-one-machine-issue-12), [twice](#guide-1).
                """);
        List<String> broken = brokenLinks(root, List.of(Path.of("README.md"), Path.of("docs/guide.md")));
        assertEquals(List.of(
                "README.md: docs/gone.md (no such file)",
                "README.md: docs/guide.md#nope (no heading 'nope' in docs/guide.md)",
                "docs/guide.md: ../../elsewhere.md (outside the repository)",
                "docs/guide.md: #guide-1 (no heading 'guide-1' in docs/guide.md)"), broken);
    }

    @Test
    void headingsAreSluggedAsGitHubDoes() {
        assertEquals("gpus-cuda-116", slug("GPUs (CUDA 11.6)"));
        assertEquals("results-what-eval-prints-and-what-a-run-records-per-task",
                slug("Results: what eval prints and what a run records, per task"));
        assertEquals("spelling-to-sound-seq2seq", slug("Spelling to sound (seq2seq)"));
        assertEquals("a_b-c--d", slug("A_b-c  d"));
    }

    // ---- the checker

    /** "page: destination (why)" for each broken relative link of {@code pages} (paths relative to {@code root}). */
    static List<String> brokenLinks(Path root, List<Path> pages) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Node doc = parse(root.resolve(page));
            List<String> destinations = new ArrayList<>();
            links(doc).forEach(l -> destinations.add(l.getDestination()));
            images(doc).forEach(i -> destinations.add(i.getDestination()));
            for (String destination : destinations) {
                URI uri;
                try {
                    uri = new URI(destination);
                } catch (URISyntaxException e) {
                    broken.add(page + ": " + destination + " (not a valid link)");
                    continue;
                }
                if (uri.getScheme() != null) {
                    continue; // https:, mailto: ... are not checked here
                }
                String path = uri.getPath() == null ? "" : uri.getPath();
                Path target = path.isEmpty() ? top.resolve(page)
                        : path.startsWith("/") ? top.resolve(path.substring(1))
                        : top.resolve(page).getParent().resolve(path);
                target = target.normalize();
                if (!target.startsWith(top)) {
                    broken.add(page + ": " + destination + " (outside the repository)");
                } else if (!Files.exists(target)) {
                    broken.add(page + ": " + destination + " (no such file)");
                } else if (uri.getFragment() != null && target.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(target, DocsTest::headingSlugs).contains(uri.getFragment())) {
                    broken.add(page + ": " + destination + " (no heading '" + uri.getFragment() + "' in "
                            + top.relativize(target) + ")");
                }
            }
        }
        return broken;
    }

    /** The anchors GitHub gives a Markdown file's headings: each slug, then slug-1, slug-2 for repeats. */
    private static Set<String> headingSlugs(Path file) {
        Set<String> slugs = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> texts = new ArrayList<>();
        try {
            parse(file).accept(new AbstractVisitor() {
                @Override
                public void visit(Heading heading) {
                    StringBuilder text = new StringBuilder();
                    heading.accept(new AbstractVisitor() {
                        @Override
                        public void visit(Text t) {
                            text.append(t.getLiteral());
                        }

                        @Override
                        public void visit(Code c) {
                            text.append(c.getLiteral());
                        }
                    });
                    texts.add(text.toString());
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
        for (String text : texts) {
            String slug = slug(text);
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            slugs.add(n == 0 ? slug : slug + "-" + n);
        }
        return slugs;
    }

    /** GitHub's heading anchor: lower case, punctuation but {@code -} and {@code _} dropped, each space a hyphen. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    /** The commands of the first code block after README's "Quick start" heading, comments dropped. */
    private static List<String> quickStartCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean[] inQuickStart = {false};
        parse(README).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                inQuickStart[0] = heading.getFirstChild() instanceof Text t && t.getLiteral().equals("Quick start");
            }

            @Override
            public void visit(FencedCodeBlock block) {
                if (inQuickStart[0] && commands.isEmpty()) {
                    block.getLiteral().lines().map(l -> l.replaceFirst("#.*", "").strip())
                            .filter(l -> !l.isEmpty()).forEach(commands::add);
                }
            }
        });
        return commands;
    }

    private static List<Path> docsPages(Path docs) throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    private static Node parse(Path file) throws IOException {
        return Parser.builder().build().parse(Files.readString(file));
    }

    private static List<Link> links(Node doc) {
        List<Link> links = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }
        });
        return links;
    }

    private static List<Image> images(Node doc) {
        List<Image> images = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                images.add(image);
            }
        });
        return images;
    }
}
