package lanchat.files;

import lanchat.admission.Bans;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the upload servlet at {@code /api/files}, beside Spring MVC's dispatcher (see
 * {@link UploadServlet} for why).
 */
@Configuration(proxyBeanMethods = false)
class FilesConfig {

	@Bean
	ServletRegistrationBean<UploadServlet> uploadServlet(HttpTickets tickets, UploadRate rate, Uploads uploads,
			JsonMapper json, Bans bans) {
		ServletRegistrationBean<UploadServlet> registration = new ServletRegistrationBean<>(
				new UploadServlet(tickets, rate, uploads, json, bans), "/api/files");
		registration.setName("lanchatUploads");
		return registration;
	}

}
