//! Image sizes read from PNG and JPEG headers, so layout knows an image's aspect without
//! decoding it (decoding happens once, when the PDF is written).

/// Width and height in pixels of a PNG or JPEG; `None` for anything else.
pub fn pixel_size(data: &[u8]) -> Option<(u32, u32)> {
    png_size(data).or_else(|| jpeg_size(data))
}

fn png_size(d: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if d.len() < 24 || &d[..8] != SIG || &d[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(d[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(d[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn jpeg_size(d: &[u8]) -> Option<(u32, u32)> {
    if d.len() < 4 || d[0] != 0xFF || d[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < d.len() {
        if d[i] != 0xFF {
            return None;
        }
        let marker = d[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([d[i + 2], d[i + 3]]));
        // Start-of-frame markers carry the size; C4 (DHT), C8 and CC are not frames.
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u32::from(u16::from_be_bytes([d[i + 5], d[i + 6]]));
            let w = u32::from(u16::from_be_bytes([d[i + 7], d[i + 8]]));
            return (w > 0 && h > 0).then_some((w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_png_and_jpeg_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&100u32.to_be_bytes());
        assert_eq!(pixel_size(&png), Some((300, 100)));

        // SOI, an APP0 segment of 4 bytes, then SOF0 with height 50 and width 80.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0x32, 0x00, 0x50, 0x03, 0x00, 0x00,
        ];
        assert_eq!(pixel_size(&jpeg), Some((80, 50)));
        assert_eq!(pixel_size(b"GIF89a"), None);
    }
}
