//! Static assets embedded in the binary: the server must work on an intranet with no
//! internet (architecture invariant 7), so nothing is loaded from a CDN.

use crate::routes::{access, Scope as S};
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chibo_domain::access::Capability as C;
use rust_embed::RustEmbed;

use crate::error::WebError;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Assets;

#[utoipa::path(
    get,
    path = "/static/{*path}",
    summary = "Embedded static assets",
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn serve(Path(path): Path<String>) -> Result<Response, WebError> {
    let file = Assets::get(&path).ok_or(WebError::NotFound)?;
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    Ok((
        [
            (header::CONTENT_TYPE, mime.as_ref().to_string()),
            (header::CACHE_CONTROL, "public, max-age=86400".to_string()),
        ],
        file.data.into_owned(),
    )
        .into_response())
}
