package lanchat.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The {@code file} object of a message that carries a file ("Files and images" in
 * PROTOCOL.md). The fields that may be absent are sent as {@code null}, as the contract
 * spells them.
 *
 * @param id the file's random id, also in its URL
 * @param name the file's name as shown (made safe when it was uploaded)
 * @param size its size in bytes, as stored and served
 * @param mediaType its type: the real one for images, else the one the uploader declared
 * @param url where to fetch it: a path on this server
 * @param thumbnailUrl where to fetch a small copy of an image (at most 480 px on the long
 * side)
 * @param width an image's width as shown, upright
 * @param height an image's height as shown, upright
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Attachment(String id, String name, long size, String mediaType, String url, @Nullable String thumbnailUrl,
		@Nullable Integer width, @Nullable Integer height) {

	/** Where files are served: {@code /files/<id>/<name>}. */
	public static final String PATH = "/files/";

	/** The attachment of a stored file, its URLs made from its ids and name. */
	public static Attachment of(String id, String name, long size, String mediaType, @Nullable String thumbnailId,
			@Nullable Integer width, @Nullable Integer height) {
		return new Attachment(id, name, size, mediaType, path(id, name),
				thumbnailId == null ? null : path(thumbnailId, thumbnailName(name)), width, height);
	}

	/** A thumbnail is a JPEG or PNG; its name says which only for the browser's sake. */
	static String thumbnailName(String name) {
		int dot = name.lastIndexOf('.');
		return (dot > 0 ? name.substring(0, dot) : name) + "-thumbnail";
	}

	private static String path(String id, String name) {
		return PATH + id + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
