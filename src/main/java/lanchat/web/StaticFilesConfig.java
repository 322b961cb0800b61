package lanchat.web;

import java.util.Map;

import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How the page's files are cached: {@code Cache-Control: no-cache} with an ETag made from
 * each file's content. The browser asks every time and mostly gets a 304, so after a
 * server upgrade no phone runs a mix of old and new ES modules (the import graph has no
 * version in its URLs). Dates are no use here: files in a jar can carry the same fixed
 * date from one build to the next.
 *
 * <p>
 * Registered before Boot's own handlers for the same patterns, which then step aside.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StaticFilesConfig implements WebMvcConfigurer {

	private static final String WEBJARS = "classpath:/META-INF/resources/webjars/";

	private final AppShell shell;

	private final String[] staticLocations;

	StaticFilesConfig(AppShell shell, WebProperties web) {
		this.shell = shell;
		this.staticLocations = web.getResources().getStaticLocations();
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		revalidated(registry.addResourceHandler("/webjars/**").addResourceLocations(WEBJARS));
		revalidated(registry.addResourceHandler("/**").addResourceLocations(staticLocations));
	}

	private void revalidated(ResourceHandlerRegistration registration) {
		registration.setCacheControl(CacheControl.noCache())
			.setUseLastModified(false)
			.setEtagGenerator(shell::etag)
			// the chain finds WebJars without their version in the URL, as the page asks
			// for them
			.resourceChain(true);
	}

	/**
	 * Browsers expect the web app manifest as application/manifest+json; servlet
	 * containers do not know it.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> manifestType() {
		return factory -> factory.addMimeMappings(new MimeMappings(Map.of("webmanifest", "application/manifest+json")));
	}

}
