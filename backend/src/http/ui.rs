//! The built web UI (`frontend/dist`): static files, with `index.html` for client-side routes.

use std::path::Path;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

/// Serves the UI when it has been built, otherwise a page that says how to build it.
pub fn configure(static_dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
    let index = static_dir.join("index.html");
    let dir = static_dir.to_path_buf();
    move |cfg: &mut web::ServiceConfig| {
        if index.is_file() {
            cfg.service(
                Files::new("/", dir)
                    .index_file("index.html")
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let index = index.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            let file = NamedFile::open_async(&index).await?;
                            let res = file.into_response(&req);
                            Ok(ServiceResponse::new(req, res))
                        }
                    })),
            );
        } else {
            cfg.default_service(web::to(not_built));
        }
    }
}

async fn not_built() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/html; charset=utf-8").body(
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Relève</title>\
         <h1>Relève</h1><p>L'interface web n'est pas construite. Lancez <code>make demo</code> \
         ou <code>npm --prefix frontend run build</code>, ou indiquez son dossier avec \
         <code>--static-dir</code>.</p><p>L'API GraphQL répond sur <code>/graphql</code>.</p></html>",
    )
}
