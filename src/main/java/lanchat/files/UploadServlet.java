package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lanchat.admission.Bans;
import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/files}: one {@code multipart/form-data} part named {@code file},
 * authorised by the connection's HTTP ticket. A servlet of its own rather than a Spring
 * MVC handler, because Spring's multipart support reads the whole body into temporary
 * files before any handler runs: that would store a 2 GiB body before checking the ticket
 * or the size limit, and write every upload twice. Here the ticket, the rate and the
 * declared length are checked first, and the part is read as a stream
 * (commons-fileupload's streaming API) straight into the file it is kept in.
 */
class UploadServlet extends HttpServlet {

	private static final Logger log = LoggerFactory.getLogger(UploadServlet.class);

	/** Room for the multipart boundaries and part headers around the file itself. */
	private static final long MULTIPART_OVERHEAD = 64 * 1024;

	private final transient HttpTickets tickets;

	private final transient UploadRate rate;

	private final transient Uploads uploads;

	private final transient JsonMapper json;

	private final transient Bans bans;

	UploadServlet(HttpTickets tickets, UploadRate rate, Uploads uploads, JsonMapper json, Bans bans) {
		this.tickets = tickets;
		this.bans = bans;
		this.rate = rate;
		this.uploads = uploads;
		this.json = json;
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ChatUser user = null;
		try {
			user = tickets.check(request.getHeader(HttpHeaders.AUTHORIZATION))
				.orElseThrow(() -> new UploadRefused(401, ErrorCode.WRONG_CREDENTIALS,
						"Send the \"http\" ticket from /app/session as 'Authorization: Bearer <ticket>'; it is valid"
								+ " while your chat connection is open."));
			notBanned(user);
			if (!JakartaServletFileUpload.isMultipartContent(request)) {
				throw notMultipart();
			}
			rate.take(user);
			long declared = request.getContentLengthLong();
			if (declared > uploads.maxBytes() + MULTIPART_OVERHEAD) {
				throw uploads.tooLarge();
			}
			uploads.checkRoom(declared);
			FileItemInputIterator parts = new JakartaServletFileUpload<>().getItemIterator(request);
			if (!parts.hasNext()) {
				throw notMultipart();
			}
			FileItemInput part = parts.next();
			if (part.isFormField() || !"file".equals(part.getFieldName())) {
				throw notMultipart();
			}
			Uploads.Uploaded uploaded;
			try (InputStream in = part.getInputStream()) {
				uploaded = uploads.receive(in, submittedName(part), part.getContentType(), user);
			}
			answer(response, HttpServletResponse.SC_CREATED, uploaded);
		}
		catch (UploadRefused refused) {
			log.info("Upload by {} refused: {}",
					user == null ? "someone without a ticket" : LogText.of(user.username()),
					LogText.of(refused.getMessage()));
			if (refused.status() == 429) {
				response.setHeader(HttpHeaders.RETRY_AFTER, "60");
			}
			refuse(response, refused.status(), refused.code(), refused.getMessage());
		}
		catch (Uploads.StorageFailed ex) {
			log.warn("Storing an upload by {} failed: {}", LogText.of(user.username()), LogText.of(ex.getMessage()));
			refuse(response, 507, ErrorCode.STORAGE_FULL, "The server could not store the file.");
		}
		catch (IOException ex) {
			// the body broke off or was not the multipart it said it was: the client's
			// side
			log.info("Upload by {} failed while receiving: {}", user == null ? "?" : LogText.of(user.username()),
					LogText.of(ex.getMessage()));
			refuse(response, 400, ErrorCode.BAD_REQUEST,
					"The upload was cut off or was not valid multipart/form-data.");
		}
	}

	/**
	 * A ticket outlives its connection by a grace period; a ban that closed the
	 * connection ends uploads at once.
	 */
	private void notBanned(ChatUser user) {
		try {
			bans.checkIdentity(user);
		}
		catch (Refusal refused) {
			throw new UploadRefused(HttpServletResponse.SC_FORBIDDEN, refused.code(), refused.getMessage());
		}
	}

	/**
	 * The name as sent; the library refuses names with NUL in them, which
	 * {@link FileNames} cleans instead.
	 */
	private static String submittedName(FileItemInput part) {
		try {
			return part.getName();
		}
		catch (InvalidPathException ex) {
			return ex.getInput();
		}
	}

	private static UploadRefused notMultipart() {
		return new UploadRefused(400, ErrorCode.BAD_REQUEST,
				"Send multipart/form-data with one part named \"file\" holding the file.");
	}

	private void refuse(HttpServletResponse response, int status, ErrorCode code, String message) throws IOException {
		if (!response.isCommitted()) {
			answer(response, status, Map.of("code", code.wireName(), "message", message));
		}
	}

	private void answer(HttpServletResponse response, int status, Object body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getOutputStream().write(json.writeValueAsBytes(body));
	}

}
