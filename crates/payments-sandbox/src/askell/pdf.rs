//! A minimal, valid one-page PDF with lines of text: the receipt document Askell answers
//! `GET /transactions/{uuid}/receipt/` with.

/// Text as a PDF literal string in WinAnsi (Latin-1) encoding: Icelandic letters (þ, ð, æ, ö)
/// are in it; anything else prints as `?`.
fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let byte = u8::try_from(u32::from(c))
            .ok()
            .filter(|b| *b >= 0x20)
            .unwrap_or(b'?');
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out.push(b')');
    out
}

/// The PDF bytes of a page showing `lines`.
pub(crate) fn document(lines: &[String]) -> Vec<u8> {
    let mut content = b"BT /F1 11 Tf 14 TL 50 800 Td\n".to_vec();
    for line in lines {
        content.extend(literal(line));
        content.extend(b" Tj T*\n");
    }
    content.extend(b"ET\n");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(&content);
    stream.extend(b"endstream");
    objects.push(stream);
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_a_pdf_with_a_correct_cross_reference() {
        let pdf = document(&["Kvittun (SALA)".to_owned(), "VIÐSKIPTI ISK: 1".to_owned()]);
        let find = |needle: &[u8]| pdf.windows(needle.len()).position(|w| w == needle);
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        assert!(find(b"(Kvittun \\(SALA\\))").is_some());
        assert!(find(b"(VI\xD0SKIPTI ISK: 1)").is_some(), "Latin-1 text");
        // Every xref offset points at its object.
        let xref = find(b"xref\n").unwrap();
        let table = String::from_utf8(pdf[xref..].to_vec()).unwrap();
        for (i, line) in table.lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                "object {}",
                i + 1
            );
        }
        let startxref: usize = table
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(startxref, xref);
    }
}
