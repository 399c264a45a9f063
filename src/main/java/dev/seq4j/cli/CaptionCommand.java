package dev.seq4j.cli;

import dev.seq4j.api.Captioner;
import dev.seq4j.config.CaptionDataSpec;
import dev.seq4j.data.caption.Images;
import dev.seq4j.task.CaptionTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.StringWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seq4j caption RUN_DIR --input IMAGE|DIR [--beam K] [--out FILE]}: a file<TAB>caption line per image. */
@Command(name = "caption", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Caption images with a finished caption run: an image file, or every PNG, JPEG, GIF and BMP "
                + "file of a directory (in name order), scaled to the run's image size; writes file<TAB>caption lines.")
public final class CaptionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a caption task")
    Path runDir;

    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "an image, or a directory of them")
    Path input;

    @Mixin
    BeamOption beam;

    @Mixin
    OutputOption out;

    /** Images read and captioned at a time: the decoder's own minibatch, so the captions are those of one call. */
    static final int CHUNK = 128;

    @Override
    public Integer call() throws IOException {
        int beam = this.beam.width();
        Captioner captioner = Runs.load(runDir, Captioner.class, "caption", "caption");
        CaptionDataSpec data = (CaptionDataSpec) captioner.config().data();
        List<Path> files = CaptionTask.images(input);
        List<String> captions = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += CHUNK) { // a chunk's images in memory at a time
            List<BufferedImage> images = new ArrayList<>();
            for (Path file : files.subList(from, Math.min(from + CHUNK, files.size()))) {
                images.add(Images.read("--input", file, data.fileLimit()));
            }
            captions.addAll(captioner.caption(images, beam));
        }
        StringWriter buffer = new StringWriter();
        for (int i = 0; i < files.size(); i++) {
            buffer.write(files.get(i) + "\t" + captions.get(i) + "\n");
        }
        out.emit(buffer.toString(), files.size() + " images");
        return Seq4j.OK;
    }
}
