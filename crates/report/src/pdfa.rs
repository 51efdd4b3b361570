//! PDF/A-2b (ISO 19005-2, level B) on top of what printpdf writes: PDF 1.7, an XMP metadata
//! packet that says the same as the Info dictionary (both written here from one set of
//! values), an sRGB output intent (`icc/sRGB.icc`, zlib licence), a file identifier, and
//! link annotations flagged for printing. Fonts are embedded by printpdf already.
//! Regulators and insurers keep these reports for years: PDF/A is the format archives accept.

use std::hash::{Hash, Hasher};

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::model::Meta;
use crate::pdf::text_string;

const SRGB: &[u8] = include_bytes!("../icc/sRGB.icc");

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn write(lo: &mut Document, meta: &Meta) {
    lo.version = "1.7".into();
    let at = meta.generated;
    let pdf_date = at.format("D:%Y%m%d%H%M%S+00'00'").to_string();
    let xmp_date = at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let keywords = meta.keywords.join("; ");
    let producer = "Cordon (printpdf)";

    // The Info dictionary, rewritten so that it and the XMP packet say the same.
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !keywords.is_empty() {
        info.set("Keywords", text_string(&keywords));
    }
    info.set("Creator", text_string("Cordon"));
    info.set("Producer", text_string(producer));
    let date = || Object::String(pdf_date.clone().into_bytes(), StringFormat::Literal);
    info.set("CreationDate", date());
    info.set("ModDate", date());
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", info_id);

    let mut x = String::new();
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
    );
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        xml(&meta.title)
    ));
    if !meta.author.is_empty() {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml(&meta.author)
        ));
    }
    if !meta.subject.is_empty() {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>\
             </dc:description>\n",
            xml(&meta.subject)
        ));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        xml(&meta.lang)
    ));
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        x.push_str(&format!("<{tag}>{xmp_date}</{tag}>\n"));
    }
    x.push_str("<xmp:CreatorTool>Cordon</xmp:CreatorTool>\n");
    x.push_str(&format!("<pdf:Producer>{producer}</pdf:Producer>\n"));
    if !keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            xml(&keywords)
        ));
    }
    x.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n");
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    // Readers that do not understand filters must still find the packet.
    let metadata = lo.add_object(Stream::new(md, x.into_bytes()).with_compression(false));

    let mut icc = Dictionary::new();
    icc.set("N", 3);
    let mut icc_stream = Stream::new(icc, SRGB.to_vec());
    let _ = icc_stream.compress();
    let icc_id = lo.add_object(icc_stream);
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        text_string("sRGB IEC61966-2.1"),
    );
    intent.set("Info", text_string("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", icc_id);

    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Metadata", metadata);
        catalog.set("OutputIntents", vec![Object::Dictionary(intent)]);
    }

    // Annotations must print (flag 4) and not be hidden.
    for obj in lo.objects.values_mut() {
        if let Object::Dictionary(d) = obj
            && (d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Annot".as_slice())
                || d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link".as_slice()))
        {
            d.set("F", 4);
        }
    }

    // A file identifier, the same for the same input (no clock, no randomness).
    let mut h = std::collections::hash_map::DefaultHasher::new();
    meta.title.hash(&mut h);
    meta.subject.hash(&mut h);
    meta.client.hash(&mut h);
    at.timestamp().hash(&mut h);
    lo.objects.len().hash(&mut h);
    let a = h.finish().to_be_bytes();
    meta.author.hash(&mut h);
    let b = h.finish().to_be_bytes();
    let id: Vec<u8> = a.iter().chain(&b).copied().collect();
    let id = Object::String(id, StringFormat::Hexadecimal);
    lo.trailer.set("ID", vec![id.clone(), id]);
}
